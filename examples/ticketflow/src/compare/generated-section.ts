/**
 * A generated part of a checked-in document, between two HTML comments, so the prose around it stays
 * hand-written: `<!-- generated:<name> … -->` … `<!-- end generated:<name> -->`.
 */
export function replaceGeneratedSection(
  text: string,
  name: string,
  content: string,
  command: string,
): string {
  const start = `<!-- generated:${name}`;
  const end = `<!-- end generated:${name} -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`The document has no generated section "${name}" (${start} … ${end})`);
  }
  const opening = `${start} by ${command}; do not edit by hand -->`;
  return `${text.slice(0, from)}${opening}\n${content.trim()}\n${text.slice(to)}`;
}
