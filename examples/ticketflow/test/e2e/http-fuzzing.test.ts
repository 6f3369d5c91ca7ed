import { describe, expect, it } from 'vitest';
import { fuzzTicketFlow, isClean, summarize } from '../../scripts/fuzz-http.js';
import { installSchemathesis, PythonMissingError } from '../../scripts/schemathesis-install.js';
import { recordingLogger } from '../support/recording-logger.js';

// Installed before the test (once per machine, about 30 s, then cached): only a missing Python skips it, and not
// in CI (`CI=true`), where no suite may be skipped for want of a tool — the same rule as for the brokers.
const pythonMissing = await installSchemathesis().then(
  () => undefined,
  (error: unknown) => {
    if (error instanceof PythonMissingError && process.env.CI !== 'true') return error.message;
    throw error;
  },
);
if (pythonMissing) console.warn(`Skipping the HTTP fuzzing of TicketFlow: ${pythonMissing}`);

/**
 * Every operation of TicketFlow's OpenAPI document, fuzzed by schemathesis (npm run fuzz:http) with a few examples
 * per operation and a fixed seed: no 5xx, only documented status codes, bodies (a reason in every 4xx) that match
 * the document, schema-valid requests accepted. A finding fails the test with schemathesis's report: each case with
 * the curl command that reproduces it, and the server's log of every 500.
 */
describe.skipIf(pythonMissing !== undefined)('the HTTP API of TicketFlow, fuzzed by schemathesis', () => {
  it('answers every generated request as its OpenAPI document says', async () => {
    const logger = recordingLogger();
    let output = '';
    const result = await fuzzTicketFlow({
      // Bounded for CI: a few examples, no stateful phase (its chains take minutes), failures reported unshrunk.
      examples: 3,
      seed: 18,
      phases: ['coverage', 'fuzzing'],
      shrink: false,
      logger,
      progress: (chunk) => {
        output += chunk;
      },
    });
    const serverErrors = logger.entries
      .filter((entry) => entry.message.includes('500'))
      .map((entry) => JSON.stringify(entry.fields).slice(0, 2_000));
    expect(
      isClean(result),
      [summarize(result), reportOf(output), 'Server log of the 500s:', ...serverErrors].join('\n\n'),
    ).toBe(true);
    expect(result.operations.tested).toBeGreaterThan(80);
  }, 300_000);
});

/** Schemathesis's account of what failed: its ERRORS and FAILURES sections, each case with its curl command. */
function reportOf(output: string): string {
  const start = output.search(/=+ (ERRORS|FAILURES) =+/);
  return output.slice(start < 0 ? -5_000 : start, (start < 0 ? output.length : start) + 30_000);
}
