import { randomUUID } from 'node:crypto';
import type { Logger } from '@pragmatic-messaging/core';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { eventually } from '../support/eventually.js';
import { TicketFlowClient } from '../support/ticketflow-client.js';

const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'TicketFlow during a database outage');

interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

function capturingLogger(entries: LogEntry[]): Logger {
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    entries.push({ level, message, fields });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * The database goes away under a running TicketFlow (connections refused and the open ones terminated, as when
 * the server stops), in a database of its own so parallel test files are not disturbed; then it comes back.
 */
describe.runIf(databaseUrl)('TicketFlow during a database outage', () => {
  const database = `tf_outage_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const logs: LogEntry[] = [];
  let flow: RunningTicketFlow;
  let api: TicketFlowClient;

  const takeDown = async () => {
    await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
  };
  const bringUp = () => admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
  const inquiry = (name: string) => ({
    name,
    email: `${name.toLowerCase()}@example.com`,
    title: 'The printer is on fire',
    description: 'Smoke comes out of the office printer whenever someone prints a long document.',
    category: 'technical',
  });

  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(databaseUrl!);
    url.pathname = `/${database}`;
    flow = await startTicketFlow({
      port: 0,
      transport: 'memory',
      databaseUrl: url.toString(),
      dataDir: undefined,
      web: false,
      services: ['inquiries'],
      logger: capturingLogger(logs),
      timing: { retryDelaysMs: [100, 300] },
    });
    api = new TicketFlowClient(flow.url);
  }, 60_000);

  afterAll(async () => {
    await bringUp().catch(() => {});
    await flow?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }, 60_000);

  it('answers 503 with Retry-After and logs the cause while the database is down, then works again', async () => {
    expect((await api.post('/api/inquiries/submit', inquiry('Before'))).status).toBe(202);
    expect((await api.get('/api/inquiries/health/ready')).status).toBe(200);

    await takeDown();
    const response = await fetch(`${flow.url}/api/inquiries/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inquiry('During')),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(((await response.json()) as { message: string }).message).toMatch(
      /^Temporarily unavailable: PostgreSQL is unavailable: /,
    );
    const logged = logs.find((entry) => entry.message.includes('503'));
    expect(logged).toMatchObject({ level: 'warn', fields: { method: 'POST', url: '/api/inquiries/submit' } });
    expect(String((logged!.fields.err as Error).message)).toMatch(/PostgreSQL is unavailable/);

    const notReady = await eventually('inquiries reports not ready', async () => {
      const ready = await api.get<{ ready: boolean; reasons: string[] }>('/api/inquiries/health/ready');
      expect(ready.status).toBe(503);
      return ready.body;
    });
    expect(notReady.reasons.join('; ')).toMatch(/the store is unreachable/);
    expect((await api.get('/api/inquiries/health/live')).status).toBe(200);

    await bringUp();
    await eventually('inquiries accepts a submission again', async () => {
      expect((await api.post('/api/inquiries/submit', inquiry('After'))).status).toBe(202);
    });
    await eventually('inquiries reports ready again', async () =>
      expect((await api.get('/api/inquiries/health/ready')).status).toBe(200),
    );
    expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
  }, 60_000);
});
