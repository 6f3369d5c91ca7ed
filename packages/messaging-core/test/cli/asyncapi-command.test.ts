import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asyncApiFindings } from '../../../../scripts/test-support/asyncapi-validation.js';
import { CLI_HELP, runCli } from '../../src/cli/run-cli.js';
import { connections } from './fixtures/helpdesk-module.js';

const cwd = import.meta.dirname;
const fixture = 'fixtures/helpdesk-module.ts';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('pragmatic-messaging asyncapi <module>', () => {
  const out = mkdtempSync(join(tmpdir(), 'pm-cli-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('prints the valid AsyncAPI 3.0 document of the "messaging" export without connecting the bus', async () => {
    const { code, stdout, stderr } = await cli(
      'asyncapi',
      fixture,
      '--title',
      'Helpdesk',
      '--api-version',
      '2.1.0',
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const document = JSON.parse(stdout);
    expect(await asyncApiFindings(document)).toEqual([]);
    expect(document).toMatchObject({ asyncapi: '3.0.0', info: { title: 'Helpdesk', version: '2.1.0' } });
    expect(Object.keys(document.operations)).toEqual([
      'helpdesk.sends.tickets.ticket-created',
      'notifications.receives.tickets',
    ]);
    expect(connections.count).toBe(0);
  });

  it('takes a named export that is an async factory of a bus, and writes to --out', async () => {
    const file = join(out, 'billing.json');
    const { code, stdout } = await cli('asyncapi', fixture, '--export', 'createBilling', '--out', file);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    const document = JSON.parse(readFileSync(file, 'utf8'));
    expect(document.info.title).toBe('billing');
    expect(Object.keys(document.operations)).toContain('billing.sends.tickets.ticket-created');
  });

  it.each([
    [
      ['asyncapi', 'fixtures/missing.ts'],
      /^pragmatic-messaging: Module not found: fixtures\/missing\.ts \(looked for .*missing\.ts\)\n$/,
    ],
    [
      ['asyncapi', fixture, '-e', 'nope'],
      /has no export named "nope" \(its exports: .*createBilling.*\); name one with --export/,
    ],
    [['asyncapi', fixture, '-e', 'settings'], /The export "settings" of .* is not a bus/],
    [['asyncapi', fixture, '-e', 'createSettings'], /The export "createSettings" of .* is not a bus/],
    [
      ['asyncapi', fixture, '-e', 'misconfigured'],
      /^pragmatic-messaging: ConfigurationError: Endpoint "idle-endpoint" has no handlers/,
    ],
    [['asyncapi'], /asyncapi needs a module/],
    [['describe', fixture], /Unknown command "describe"; see --help/],
    [['asyncapi', fixture, '--outt', 'x.json'], /Unknown option '--outt'/],
  ])('refuses %j with a clear message and exit code 1', async (args, message) => {
    const { code, stdout, stderr } = await cli(...args);
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain('    at ');
  });

  it('explains itself with --help', async () => {
    expect(await cli('--help')).toEqual({ code: 0, stdout: CLI_HELP, stderr: '' });
    expect(await cli('asyncapi', '-h')).toEqual({ code: 0, stdout: CLI_HELP, stderr: '' });
    expect(CLI_HELP).toContain("NODE_OPTIONS='--import tsx'");
    expect((await cli()).code).toBe(1);
  });
});
