import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import type { ProcessReport } from '../../src/supervisor/process-report.js';
import { eventually } from '../support/eventually.js';
import { TicketFlowClient } from '../support/ticketflow-client.js';
import { chromiumAvailable, launchChromium } from '../ui/support/headless-chromium.js';
import { waitFor } from '../ui/support/wait-for.js';

const exampleDir = fileURLToPath(new URL('../../', import.meta.url));
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const databaseUrl = brokerFromEnvironment('DATABASE_URL', '`start all` as separate processes');
const rabbitmqUrl = brokerFromEnvironment('RABBITMQ_URL', '`start all` on RabbitMQ');
const kafkaBrokers = brokerFromEnvironment('KAFKA_BROKERS', '`start all` on Kafka');
// Our Service Bus emulator (scripts/services.sh); NODE_EXTRA_CA_CERTS lets the processes trust its certificate.
const asbConnectionString = process.env.ASB_EMULATOR_CONNECTION_STRING;

/**
 * `ticketflow start all --transport <broker> --instances tickets=2`, as a user types it: one OS process per service
 * instance plus web, each log line prefixed; an inquiry becomes a ticket through them; a killed instance is
 * reported (log and System card) and not restarted; SIGTERM to the supervisor (RabbitMQ, Service Bus) or Ctrl+C to the whole
 * terminal's process group (Kafka) stops every process.
 */
const suites = [
  { transport: 'rabbitmq', ready: Boolean(rabbitmqUrl), stop: 'SIGTERM to the supervisor', args: [] },
  { transport: 'kafka', ready: Boolean(kafkaBrokers), stop: 'Ctrl+C to the process group', args: [] },
  {
    transport: 'asb',
    ready: Boolean(asbConnectionString),
    stop: 'SIGTERM to the supervisor',
    // As docs/transports/azure-service-bus.md runs it against the emulator.
    args: ['--asb-connection-string', asbConnectionString ?? ''],
  },
] as const;

for (const suite of suites) {
  describe.runIf(suite.ready && databaseUrl)(`start all --transport ${suite.transport}`, () => {
    const database = `tf_all_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
    const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    let supervisor: ChildProcess | undefined;

    afterAll(async () => {
      if (supervisor && supervisor.exitCode === null && supervisor.signalCode === null) {
        process.kill(-supervisor.pid!, 'SIGKILL');
      }
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    });

    it(`starts one process per service instance; the flow works; a killed instance is reported; ${suite.stop} stops all`, async () => {
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(databaseUrl!);
      url.pathname = `/${database}`;
      supervisor = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          cli,
          'start',
          'all',
          '--transport',
          suite.transport,
          '--instances',
          'tickets=2',
          '--port',
          '0',
          '--database-url',
          url.toString(),
          '--log-level',
          'warn',
          ...suite.args,
        ],
        {
          cwd: exampleDir,
          env: { ...process.env, TICKETFLOW_BROKER_PREFIX: `tfall${randomUUID().slice(0, 6)}.` },
          stdio: ['ignore', 'pipe', 'pipe'],
          // Its own process group, as a terminal gives a command: Ctrl+C signals the whole group.
          detached: true,
        },
      );
      const spawnedAt = Date.now();
      let output = '';
      // A timeout ends the test without its own message: the children's log says where start-up stood.
      onTestFailed(() => {
        console.error(
          `start all --transport ${suite.transport}, after ${Date.now() - spawnedAt} ms:\n${output.slice(-12_000)}`,
        );
      });
      supervisor.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      supervisor.stderr!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => supervisor!.once('exit', resolve));
      const webUrl = await new Promise<string>((resolve, reject) => {
        const check = () => {
          const match = /^TicketFlow is running: (http:\/\/\S+)/m.exec(output);
          if (match) resolve(match[1]!);
        };
        supervisor!.stdout!.on('data', check);
        exited.then((code) => reject(new Error(`start all exited with ${code}:\n${output}`)));
      });
      const web = new TicketFlowClient(webUrl);

      // Eight processes: six services, a second Tickets instance, the web part; each its own pid, each log prefixed.
      const startedIn = Date.now() - spawnedAt;
      const system = await web.ok<{ processes: ProcessReport[] }>('/api/system');
      const labels = system.processes.map((process_) => process_.label);
      expect(labels).toEqual([
        'inquiries#1',
        'translations#1',
        'tickets#1',
        'tickets#2',
        'sla#1',
        'communication#1',
        'metrics#1',
        'web',
      ]);
      expect(system.processes.every((process_) => process_.state === 'running')).toBe(true);
      const pids = system.processes.map((process_) => process_.pid!);
      expect(new Set([supervisor.pid, ...pids]).size).toBe(9);
      for (const label of labels) expect(output).toContain(`[${label}] TicketFlow is running: http://`);

      // The flow through the processes: an inquiry submitted to the web process becomes a ticket.
      const { status, body } = await web.post<{ id: string }>('/api/inquiries/submit', {
        name: 'Process Pat',
        email: 'pat@example.com',
        title: 'One process per service',
        description: 'Submitted to the web process, handled by the service processes.',
        category: 'other',
      });
      expect(status).toBe(202);
      await eventually(
        `ticket ${body.id} exists`,
        async () => expect((await web.get(`/api/tickets/${body.id}`)).status).toBe(200),
        { timeoutMs: 30_000 },
      );

      // A killed instance: reported in the log and the System card, not restarted.
      const victim = system.processes.find((process_) => process_.label === 'tickets#2')!;
      process.kill(victim.pid!, 'SIGKILL');
      await eventually(
        'the System card reports tickets#2 crashed',
        async () => {
          const after = await web.ok<{ processes: ProcessReport[] }>('/api/system');
          const reported = after.processes.find((process_) => process_.label === 'tickets#2')!;
          expect(reported).toMatchObject({ state: 'crashed', exit: { signal: 'SIGKILL' } });
        },
        { timeoutMs: 10_000 },
      );
      expect(output).toContain(
        `[supervisor] tickets#2 (pid ${victim.pid}) ended unexpectedly: killed by SIGKILL. It is not restarted`,
      );
      if (chromiumAvailable()) {
        const browser = await launchChromium();
        try {
          const page = await browser.context.newPage();
          await page.goto(`${webUrl}/technical`);
          await waitFor(
            page.getByRole('alert').filter({ hasText: 'tickets#2 ended unexpectedly (killed by SIGKILL)' }),
            'the crash in the System card',
          );
          expect(await page.getByTestId('process-tickets#1').textContent()).toContain('running');
        } finally {
          await browser.close();
        }
      }

      if (suite.stop === 'SIGTERM to the supervisor') process.kill(supervisor.pid!, 'SIGTERM');
      else process.kill(-supervisor.pid!, 'SIGINT');
      const stopped = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve('still running after 40 s'), 40_000)),
      ]);
      expect(stopped, output.slice(-4000)).toBe(0);
      const alive = pids.filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
      expect(alive, `processes left after the stop:\n${output}`).toEqual([]);
      expect(output).toContain('[supervisor] all processes stopped');
      // Eight Node processes starting at once take a while on a busy 2-core machine (about 2.5 s of CPU each to
      // load the CLI through tsx; on Service Bus, 86 s before the web answered, under a contended lock); say how long it was.
      console.info(`start all --transport ${suite.transport}: running after ${startedIn} ms`);
    }, 180_000);
  });
}
