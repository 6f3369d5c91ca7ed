import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { TicketFlowClient } from '../support/ticketflow-client.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Starts TicketFlow exactly as the README says — `npm start` at the repository root — and uses it over HTTP. */
describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketflow-start-'));
  let child: ChildProcess | undefined;

  /** Ctrl+C, as a user stops it: the signal goes to npm and everything it started (one process group). */
  const interrupt = async (process_: ChildProcess) => {
    if (process_.exitCode !== null || process_.signalCode !== null) return;
    const exited = new Promise((resolve) => process_.once('exit', resolve));
    process.kill(-process_.pid!, 'SIGINT');
    await exited;
  };

  afterAll(async () => {
    if (child) await interrupt(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a working TicketFlow: an inquiry submitted over HTTP becomes a ticket, and the data survives a restart', async () => {
    const start = () => {
      // Port 0: the test must not collide with a TicketFlow a developer is running on 21000.
      const process_ = spawn('npm', ['start'], {
        cwd: repositoryRoot,
        env: {
          ...process.env,
          TICKETFLOW_PORT: '0',
          TICKETFLOW_DATA_DIR: dataDir,
          TICKETFLOW_LOG_LEVEL: 'warn',
          DATABASE_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const url = new Promise<string>((resolve, reject) => {
        let output = '';
        process_.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /TicketFlow is running: (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        process_.stderr!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
        });
        process_.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
      });
      return { process: process_, url };
    };

    const first = start();
    child = first.process;
    const api = new TicketFlowClient(await first.url);
    // The UI is built on first start and served at the root.
    const page = await api.get<string>('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const { status, body } = await api.post<{ id: string }>('/api/inquiries/submit', {
      name: 'Starter',
      email: 'starter@example.com',
      title: 'First steps',
      description: 'Submitted right after npm start, as a new user would.',
      category: 'other',
    });
    expect(status).toBe(202);
    await eventually(
      'the ticket exists',
      async () => expect((await api.get(`/api/tickets/${body.id}`)).status).toBe(200),
      { timeoutMs: 30_000 },
    );

    await interrupt(child);

    const second = start();
    child = second.process;
    const restarted = new TicketFlowClient(await second.url);
    expect((await restarted.get(`/api/tickets/${body.id}`)).status).toBe(200);
  }, 120_000);
});
