// The fenced code blocks of a README, so the examples users copy are compiled and run against the tarballs.
export function codeBlocks(markdown, language) {
  const blocks = [];
  for (const match of markdown.matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)^```\s*$/gm)) {
    if (match[1] === language) blocks.push(match[2]);
  }
  return blocks;
}
