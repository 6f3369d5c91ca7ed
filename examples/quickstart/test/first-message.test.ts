import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const readmes = {
  'the repository README': read('../../../README.md'),
  "the core package's README": read('../../../packages/messaging-core/README.md'),
};
const esm = read('../src/first-message.ts');
const commonJs = read('../src/first-message.cjs');

describe('the README first-message example', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [name, readme] of Object.entries(readmes)) {
    it(`is printed in ${name} exactly as it is tested here, as an ES module and in CommonJS`, () => {
      expect(readme).toContain(esm.trim());
      expect(readme).toContain(commonJs.trim());
    });
  }

  it('delivers the ticket to the handler and stops cleanly', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('../src/first-message.js');
    expect(log).toHaveBeenCalledWith('Ticket T-1 created: Printer on fire (attempt 1)');
  });

  it('does the same from CommonJS, with require() and no top-level await', async () => {
    // A real CommonJS module in its own process; tsx maps the package to its sources (tsconfig paths).
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const { stdout } = await promisify(execFile)(tsx, ['src/first-message.cjs'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    expect(stdout).toBe('Ticket T-1 created: Printer on fire (attempt 1)\n');
  });
});
