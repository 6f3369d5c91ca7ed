import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const guide = readFileSync(new URL('../../../docs/guides/tracing-and-metrics.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('../src/tracing-and-metrics.ts', import.meta.url), 'utf8');

describe('the tracing and metrics guide', () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows the example exactly as it is run here', () => {
    expect(guide).toContain(example.trim());
  });

  it('records one trace from the application span to the handler, and the metrics the guide lists', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(...line.split('\n'));
    });
    await import('../src/tracing-and-metrics.js');
    expect(lines.slice(0, 3)).toEqual(['POST /tickets', '  publish tickets', '    process tickets']);
    expect(lines.slice(3)).toEqual([
      'messaging.client.consumed.messages',
      'messaging.client.operation.duration',
      'messaging.client.sent.messages',
      'messaging.process.duration',
      'pragmatic_messaging.handled.messages',
    ]);
    for (const line of lines) expect(guide).toContain(line.trim());
  });
});
