import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningTicketFlow } from '../../src/embedded.js';
import { inquiriesService } from '../../src/services/inquiries/inquiries-service.js';
import { startTestFlow } from '../support/test-flow.js';

interface LoggedLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/**
 * A bug in a route (here the language detector, which the submit route calls before it touches the database,
 * throws a TypeError) is neither bad input nor an unavailable dependency: the client gets 500 with a reason and
 * the operator gets one error line with the cause — at the default log level, through the service's own console
 * logger (no test logger, no `logLevel`), so what is asserted is what `npm start` writes to stderr.
 */
describe('an unexpected error in a route answers 500 and logs one error line with its cause', () => {
  const stderr: string[] = [];
  let flow: RunningTicketFlow;

  beforeAll(async () => {
    flow = await startTestFlow({
      logLevel: undefined,
      services: ['inquiries'],
      modules: {
        inquiries: inquiriesService({
          detectLanguage: async () => {
            throw new TypeError("Cannot read properties of undefined (reading 'code')");
          },
        }),
      },
    });
  }, 60_000);

  afterEach(() => vi.restoreAllMocks());
  afterAll(() => flow?.stop());

  it('answers 500 with a reason and logs the cause once at error level', async () => {
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      stderr.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stderr.write);

    const response = await fetch(`${flow.url}/api/inquiries/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ada',
        email: 'ada@example.com',
        title: 'The printer is on fire',
        description: 'Smoke comes out of the office printer whenever someone prints a long document.',
        category: 'technical',
      }),
    });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal error; see the server log' });
    const lines = stderr
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LoggedLine);
    const errors = lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      msg: 'Request failed with 500',
      method: 'POST',
      url: '/api/inquiries/submit',
      err: { name: 'TypeError', message: "Cannot read properties of undefined (reading 'code')" },
    });
    expect(String((errors[0]!.err as { stack: string }).stack)).toContain('TypeError');
  }, 30_000);
});
