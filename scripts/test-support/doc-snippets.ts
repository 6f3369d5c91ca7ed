import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The TypeScript snippets of the documentation, and how each is checked. A ```ts block is a complete module,
 * type-checked and run, unless the HTML comment on the line before its fence (invisible on GitHub and on the
 * site) says otherwise:
 *
 *   <!-- snippet: harness=NAME -->          a fragment: checked and run inside docs/snippets/NAME.ts, at the line
 *                                           `// @snippet`, where the harness declares what the fragment uses
 *   <!-- snippet: needs=VAR -->             runs only when the environment variable VAR is set (a broker)
 *   <!-- snippet: compile-only: REASON -->  type-checked, never run, for the reason given
 *
 * Settings combine with `;`, e.g. `<!-- snippet: harness=bus; needs=RABBITMQ_URL -->`.
 */
export interface DocSnippet {
  /** `docs/getting-started.md:38`: the page and the line of the opening fence. */
  readonly where: string;
  readonly code: string;
  readonly harness?: string;
  readonly needs?: string;
  readonly compileOnly?: string;
}

const FENCE = /^```(ts|typescript)\s*$/;
const MARKER = /^<!--\s*snippet:\s*(.*?)\s*-->\s*$/;

/** The README, the packages' READMEs (npm shows them) and every page of docs/ (not the generated API reference). */
export function documentationPages(root: string): string[] {
  const pages = ['README.md'];
  for (const entry of readdirSync(join(root, 'packages'), { withFileTypes: true })) {
    const readme = `packages/${entry.name}/README.md`;
    if (entry.isDirectory() && existsSync(join(root, readme))) pages.push(readme);
  }
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory() && !entry.name.startsWith('.') && path !== 'docs/api') walk(path);
      else if (entry.name.endsWith('.md')) pages.push(path);
    }
  };
  walk('docs');
  return pages.sort();
}

export function snippetsOf(root: string, page: string): DocSnippet[] {
  const lines = readFileSync(join(root, page), 'utf8').split('\n');
  const snippets: DocSnippet[] = [];
  for (let index = 0; index < lines.length; index++) {
    if (!FENCE.test(lines[index]!)) continue;
    const end = lines.findIndex((line, at) => at > index && line.startsWith('```'));
    if (end < 0) throw new Error(`${page}:${index + 1}: the code block never closes`);
    snippets.push({
      where: `${relative(root, join(root, page))}:${index + 1}`,
      code: lines.slice(index + 1, end).join('\n'),
      ...settingsOf(lines[index - 1] ?? '', `${page}:${index + 1}`),
    });
    index = end;
  }
  return snippets;
}

function settingsOf(line: string, where: string): Pick<DocSnippet, 'harness' | 'needs' | 'compileOnly'> {
  const marker = MARKER.exec(line);
  if (!marker) return {};
  const settings: { harness?: string; needs?: string; compileOnly?: string } = {};
  for (const setting of marker[1]!.split(';').map((part) => part.trim())) {
    const compileOnly = /^compile-only:\s*(.+)$/.exec(setting);
    const pair = /^(harness|needs)=([\w.-]+)$/.exec(setting);
    if (compileOnly) settings.compileOnly = compileOnly[1]!;
    else if (pair) settings[pair[1] as 'harness' | 'needs'] = pair[2]!;
    else throw new Error(`${where}: unknown snippet setting "${setting}"`);
  }
  return settings;
}

/** The module to check for a snippet: the snippet itself, or its harness with the snippet at `// @snippet`. */
export function moduleOf(root: string, snippet: DocSnippet): string {
  if (!snippet.harness) return snippet.code;
  const harnessFile = join(root, 'docs', 'snippets', `${snippet.harness}.ts`);
  const harness = readFileSync(harnessFile, 'utf8');
  if (!harness.includes('// @snippet')) throw new Error(`${harnessFile} has no "// @snippet" line`);
  // The harness's own relative imports (shared contracts) are made absolute: the module is checked elsewhere.
  return harness
    .replace(
      /from '\.\/([^']+)'/g,
      (_match, path: string) => `from '${join(root, 'docs', 'snippets', path)}'`,
    )
    .replace('// @snippet', `// ---- ${snippet.where} ----\n${snippet.code}\n// ---- end of snippet ----`);
}
