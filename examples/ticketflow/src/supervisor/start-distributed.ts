import type { TicketFlowConfig } from '../config/ticketflow-config.js';
import type { InstanceCounts } from './instance-counts.js';
import { ProcessSupervisor } from './process-supervisor.js';
import { TYPESCRIPT_EXEC_ARGV } from './supervised-process.js';

export interface StartDistributedOptions {
  readonly config: TicketFlowConfig;
  readonly instances: InstanceCounts;
  readonly fresh: boolean;
  /** The CLI entry point the children run. */
  readonly cli: string;
}

/** How long a process may take to stop gracefully (finish its deliveries, close its connections). */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The supervisor of `ticketflow start all` on a real broker, in the foreground: prints where TicketFlow runs and
 * which processes it is made of; Ctrl+C or SIGTERM stops all of them.
 */
export async function startDistributed(options: StartDistributedOptions): Promise<void> {
  const { config } = options;
  const supervisor = new ProcessSupervisor({
    config,
    instances: options.instances,
    webPort: config.port,
    fresh: options.fresh,
    cli: options.cli,
    execArgv: TYPESCRIPT_EXEC_ARGV,
    host: config.host,
    stopTimeoutMs: STOP_TIMEOUT_MS,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[supervisor] ${signal}: stopping every process gracefully…`);
    await supervisor.stop();
    console.log('[supervisor] all processes stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  let url: string;
  try {
    url = await supervisor.start();
  } catch {
    process.exit(1);
  }
  console.log(`TicketFlow is running: ${url}`);
  console.log(
    `  transport: ${config.transport}; database: ${config.databaseUrl ? 'PostgreSQL' : 'PGlite per service'}`,
  );
  for (const process_ of supervisor.reports()) {
    console.log(`  ${process_.label.padEnd(16)} pid ${String(process_.pid).padEnd(8)} ${process_.url}`);
  }
  console.log('  Stop: Ctrl+C');
}
