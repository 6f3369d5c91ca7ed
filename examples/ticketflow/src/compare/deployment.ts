import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import pg from 'pg';
import type { ReliabilityProfile } from '../config/reliability-profile.js';
import { loadConfig, type TransportName } from '../config/ticketflow-config.js';
import { type RunningTicketFlow, startTicketFlow } from '../embedded.js';
import { ProcessSupervisor } from '../supervisor/process-supervisor.js';
import { TYPESCRIPT_EXEC_ARGV } from '../supervisor/supervised-process.js';

/** A TicketFlow the compare run drives: its web URL, its databases to check, and its processes to hurt. */
export interface Deployment {
  readonly url: string;
  /** Run SQL against the services' database (one database, a schema per service). */
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** SIGKILL one process (`tickets#2`); resolves to when, or undefined where processes are not separate. */
  kill(label: string): Promise<number | undefined>;
  stop(): Promise<void>;
}

export interface DeploymentSettings {
  readonly transport: TransportName;
  readonly profile: ReliabilityProfile;
  /** PostgreSQL server for the broker runs (a database per deployment is created and dropped). */
  readonly databaseUrl?: string;
  readonly env: NodeJS.ProcessEnv;
  /** The CLI the service processes run. */
  readonly cli: string;
  /** Where the processes' output goes (not the terminal: the progress bar is there). */
  readonly logFile: string;
}

/** The in-memory transport lives in one process: every service in this one, PGlite in memory. */
async function inProcess(settings: DeploymentSettings): Promise<Deployment> {
  const running: RunningTicketFlow = await startTicketFlow({
    transport: 'memory',
    profile: settings.profile,
    port: 0,
    host: '127.0.0.1',
    dataDir: undefined,
    databaseUrl: undefined,
    logLevel: 'silent',
    timing: { retryDelaysMs: [200, 500, 1_000] },
    env: {},
  });
  const tickets = running.runtime.host('tickets')!;
  return {
    url: running.url,
    query: (sql, params) => tickets.current().query(sql, params),
    kill: async () => undefined,
    stop: () => running.stop(),
  };
}

/** A real broker: every service instance its own process (as `start all`), two Tickets instances, PostgreSQL. */
async function supervised(settings: DeploymentSettings): Promise<Deployment> {
  if (!settings.databaseUrl)
    throw new Error(`compare on ${settings.transport} needs DATABASE_URL (PostgreSQL)`);
  const name = `tf_cmp_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new pg.Pool({ connectionString: settings.databaseUrl, max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(settings.databaseUrl);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  const config = loadConfig(
    { ...settings.env, DATABASE_URL: url.toString() },
    {
      transport: settings.transport,
      profile: settings.profile,
      port: 0,
      host: '127.0.0.1',
      brokerPrefix: `tfcmp${randomUUID().slice(0, 6)}.`,
      logLevel: 'warn',
    },
  );
  const log: WriteStream = createWriteStream(settings.logFile, { flags: 'a' });
  const supervisor = new ProcessSupervisor({
    config,
    instances: { inquiries: 1, translations: 1, tickets: 2, sla: 1, communication: 1, metrics: 1 },
    webPort: 0,
    fresh: false,
    cli: settings.cli,
    execArgv: TYPESCRIPT_EXEC_ARGV,
    host: config.host,
    stopTimeoutMs: 10_000,
    stdout: log,
    stderr: log,
  });
  const release = async () => {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
    log.end();
  };
  let web: string;
  try {
    web = await supervisor.start();
  } catch (error) {
    await release();
    throw error;
  }
  return {
    url: web,
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    kill: async (label) => {
      const target = supervisor.reports().find((report) => report.label === label);
      if (!target?.pid) return undefined;
      process.kill(target.pid, 'SIGKILL');
      return Date.now();
    },
    stop: async () => {
      await supervisor.stop();
      await release();
    },
  };
}

export function deploy(settings: DeploymentSettings): Promise<Deployment> {
  return settings.transport === 'memory' ? inProcess(settings) : supervised(settings);
}
