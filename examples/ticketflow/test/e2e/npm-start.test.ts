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

  it('serves a working TicketFlow: inquiries become tickets (also across a dropped connection), the profile switches, and the data survives a restart', async () => {
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
    const submit = async (title: string) => {
      const { status, body } = await api.post<{ id: string }>('/api/inquiries/submit', {
        name: 'Starter',
        email: 'starter@example.com',
        title,
        description: 'Submitted right after npm start, as a new user would.',
        category: 'other',
      });
      expect(status, `submitting "${title}"`).toBe(202);
      return body.id;
    };
    const becomesTicket = (id: string) =>
      eventually(
        `the ticket of ${id} exists`,
        async () => expect((await api.get(`/api/tickets/${id}`)).status).toBe(200),
        { timeoutMs: 30_000 },
      );
    const firstId = await submit('First steps');
    await becomesTicket(firstId);

    // The technical area's ConnectionDrop on tickets: the broker connection drops as the next inquiry arrives.
    const drop = { anomalyType: 'ConnectionDrop', messageType: 'inquiries.inquiry-submitted' };
    expect((await api.post('/api/tickets/anomalies', drop)).status).toBe(201);
    const dropped = [];
    for (const title of ['Dropped one', 'Dropped two', 'Dropped three']) dropped.push(await submit(title));
    for (const id of dropped) await becomesTicket(id);
    await eventually('the anomaly fired and is gone, and tickets is connected again', async () => {
      expect(await api.ok('/api/tickets/anomalies')).toEqual([]);
      expect((await api.ok<{ transport: { status: string } }>('/api/tickets/health')).transport.status).toBe(
        'connected',
      );
    });
    expect(child.exitCode, 'npm start still running').toBeNull();

    // The reliability profile, switched as the technical area does: every service restarts healthy each time.
    for (const profile of ['naive', 'reliable'] as const) {
      const switched = await api.post<{ profile: string }>('/api/system/features', { profile }, 'PUT');
      expect({ status: switched.status, profile: switched.body.profile }).toEqual({ status: 200, profile });
      await eventually(`every service healthy on ${profile}`, async () => {
        const system = await api.ok<{
          profile: string;
          services: { name: string; health: { status?: string } }[];
        }>('/api/system');
        expect(system.profile).toBe(profile);
        expect(system.services.map((service) => `${service.name}: ${service.health.status}`)).toEqual(
          ['inquiries', 'translations', 'tickets', 'sla', 'communication', 'metrics'].map(
            (name) => `${name}: healthy`,
          ),
        );
      });
    }
    await becomesTicket(await submit('After switching back'));

    await interrupt(child);

    const second = start();
    child = second.process;
    const restarted = new TicketFlowClient(await second.url);
    expect((await restarted.get(`/api/tickets/${firstId}`)).status).toBe(200);
  }, 180_000);
});
