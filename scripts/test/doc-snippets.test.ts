import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type DocSnippet, documentationPages, moduleOf, snippetsOf } from '../test-support/doc-snippets.js';

/**
 * Every TypeScript snippet of the README and docs/ is type-checked against the sources, and run unless it says
 * why not — so no snippet can rot. See scripts/test-support/doc-snippets.ts for the markers.
 */
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const outDir = join(root, '.tmp', 'doc-snippets');

// The snippets that are only type-checked, and why: adding one to the docs means adding it here.
const COMPILE_ONLY: readonly { readonly page: string; readonly reason: string }[] = [
  {
    page: 'docs/getting-started.md',
    reason: 'a fragment of a running service: it declares an endpoint on a bus that is then already started',
  },
  {
    page: 'docs/writing-a-transport.md',
    reason: 'it declares a vitest suite, which runs as a test file of its own, not inside a test',
  },
];

const snippets = documentationPages(root).flatMap((page) => snippetsOf(root, page));
const fileOf = (snippet: DocSnippet) => join(outDir, `${snippet.where.replace(/[^A-Za-z0-9]+/g, '-')}.ts`);

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
// The repository's compiler settings for the generated modules, at run time too (legacy decorators, as in the docs).
writeFileSync(
  join(outDir, 'tsconfig.json'),
  JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { baseUrl: '../..' } }),
);
for (const snippet of snippets) writeFileSync(fileOf(snippet), `${moduleOf(root, snippet)}\n`);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the TypeScript snippets of the documentation', () => {
  it('are found, and the only ones not run are those listed here, each with its reason', () => {
    expect(snippets.length).toBeGreaterThan(15);
    expect(
      snippets
        .filter((snippet) => snippet.compileOnly)
        .map((snippet) => ({ page: snippet.where.split(':')[0], reason: snippet.compileOnly })),
    ).toEqual(COMPILE_ONLY);
  });

  it('all type-check against the sources (a fragment needs a harness: <!-- snippet: harness=NAME -->)', () => {
    const base = ts.getParsedCommandLineOfConfigFile(
      join(root, 'tsconfig.base.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    const files = snippets.map(fileOf);
    const program = ts.createProgram(files, { ...base!.options, noEmit: true, baseUrl: root });
    const where = new Map(snippets.map((snippet) => [fileOf(snippet), snippet.where]));
    const problems = files.flatMap((file) =>
      ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
        const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
        return `${where.get(file)} (generated line ${line + 1}): ${text}`;
      }),
    );
    expect(problems).toEqual([]);
  }, 120_000);

  for (const snippet of snippets.filter((candidate) => !candidate.compileOnly)) {
    const runnable = !snippet.needs || process.env[snippet.needs] !== undefined;
    it.runIf(runnable)(
      `${snippet.where} runs${snippet.needs ? ` (with ${snippet.needs})` : ''}`,
      async () => {
        // Snippets print what they show; keep the test output for failures.
        const log = vi.spyOn(console, 'log').mockImplementation(() => {});
        try {
          await import(pathToFileURL(fileOf(snippet)).href);
        } finally {
          log.mockRestore();
        }
      },
      60_000,
    );
  }
});
