import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('../src/first-message.ts', import.meta.url), 'utf8');

describe('the README first-message example', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is printed in the README exactly as it is tested here', () => {
    expect(readme).toContain(example.trim());
  });

  it('delivers the ticket to the handler and stops cleanly', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('../src/first-message.js');
    expect(log).toHaveBeenCalledWith('Ticket T-1 created: Printer on fire (attempt 1)');
  });
});
