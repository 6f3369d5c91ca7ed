import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SERVICE_NAMES } from '../../src/config/ticketflow-config.js';

const ticketflowRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** `ticketflow topology` as the docs show it: what each service needs, as the chosen transport would create it. */
describe('ticketflow topology', () => {
  it('prints every service with the resources the RabbitMQ transport creates for it, without connecting', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli.ts', 'topology', '--transport', 'rabbitmq'], {
      cwd: ticketflowRoot,
      // Nothing listens there: the command must not need a broker.
      env: { ...process.env, RABBITMQ_URL: 'amqp://127.0.0.1:1' },
    });
    const sections = stdout.split(/^=== (\S+) ===$/m).slice(1);
    const byService = new Map<string, string>();
    for (let index = 0; index < sections.length; index += 2)
      byService.set(sections[index]!, sections[index + 1]!);
    expect([...byService.keys()]).toEqual([...SERVICE_NAMES]);
    // The tickets service consumes submitted inquiries: its queue is bound to the inquiries exchange.
    expect(byService.get('tickets')).toMatch(
      /ticketflow\.inquiries --\[inquiries\.inquiry-submitted\]--> queue ticketflow\.tickets/,
    );
    expect(byService.get('translations')).toContain('ticketflow.translations.requests.retry-1000ms');
  }, 60_000);
});
