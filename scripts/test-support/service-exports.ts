/** `export NAME=value` lines, as services.sh prints them for `eval` (single-quoted where the value has `;`). */
export function parseExports(output: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const match of output.matchAll(/^export ([A-Z_][A-Z0-9_]*)=(.*)$/gm)) {
    variables[match[1] as string] = (match[2] as string).replace(/^'(.*)'$/, '$1');
  }
  return variables;
}
