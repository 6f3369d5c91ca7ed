import {
  ConfigError,
  SERVICE_NAMES,
  type ServiceName,
  type TicketFlowConfig,
} from '../config/ticketflow-config.js';
import type { InstanceCounts } from './instance-counts.js';

/** One process to start: what it runs, where it listens, and how it is configured. */
export interface PlannedProcess {
  readonly label: string;
  readonly role: ServiceName | 'web';
  readonly instance: number;
  readonly port: number;
  /** Arguments of `ticketflow` (after the CLI path). */
  readonly args: readonly string[];
  /** Environment on top of the supervisor's own: the resolved configuration, so every process agrees. */
  readonly env: Readonly<Record<string, string>>;
}

export interface PlanInput {
  readonly config: TicketFlowConfig;
  readonly instances: InstanceCounts;
  /** Port of the web process (the URL users open). */
  readonly webPort: number;
  /** A free port for each further process, in plan order. */
  readonly ports: readonly number[];
  readonly fresh: boolean;
}

/** How many ports a plan needs besides the web port. */
export function servicePortCount(instances: InstanceCounts): number {
  return SERVICE_NAMES.reduce((sum, name) => sum + instances[name], 0);
}

/**
 * Every service instance as its own process, then the web process; every process is told where the first
 * instance of each service listens (the synchronous calls and the web's forwarding go there).
 */
export function planProcesses(input: PlanInput): PlannedProcess[] {
  const { config, instances } = input;
  const several = SERVICE_NAMES.filter((name) => instances[name] > 1);
  if (several.length > 0 && !config.databaseUrl) {
    throw new ConfigError(
      `--instances ${several.join(', ')}: instances of one service share its database, and the embedded PGlite belongs to one process; set DATABASE_URL (or --database-url) to a PostgreSQL database`,
    );
  }
  const ports = [...input.ports];
  const services: Omit<PlannedProcess, 'args' | 'env'>[] = SERVICE_NAMES.flatMap((role) =>
    Array.from({ length: instances[role] }, (_, index) => {
      const port = ports.shift();
      if (port === undefined) throw new Error('planProcesses: not enough ports');
      return { label: `${role}#${index + 1}`, role, instance: index + 1, port };
    }),
  );
  const serviceUrlArgs = SERVICE_NAMES.flatMap((name) => {
    const first = services.find((process) => process.role === name);
    return first ? ['--service-url', `${name}=http://${connectHost(config.host)}:${first.port}`] : [];
  });
  const common = ['--port'];
  const planned: PlannedProcess[] = services.map((process) => ({
    ...process,
    args: [
      'start',
      process.role,
      ...common,
      String(process.port),
      ...serviceUrlArgs,
      ...(input.fresh ? ['--fresh'] : []),
    ],
    env: environmentOf(config, process.role as ServiceName),
  }));
  planned.push({
    label: 'web',
    role: 'web',
    instance: 1,
    port: input.webPort,
    args: ['start', 'web', ...common, String(input.webPort), ...serviceUrlArgs],
    env: environmentOf(config, undefined),
  });
  return planned;
}

/** A listening address one can connect to (0.0.0.0 listens everywhere; connect through loopback). */
export function connectHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

/** The configuration as environment variables (empty = unset), with a PGlite folder of its own per service. */
function environmentOf(config: TicketFlowConfig, service: ServiceName | undefined): Record<string, string> {
  const { features } = config;
  return {
    TICKETFLOW_TRANSPORT: config.transport,
    RABBITMQ_URL: config.rabbitmqUrl ?? '',
    KAFKA_BROKERS: config.kafkaBrokers?.join(',') ?? '',
    ASB_CONNECTION_STRING: config.asbConnectionString ?? '',
    DATABASE_URL: config.databaseUrl ?? '',
    // Without PostgreSQL each service process opens its own PGlite: one folder per service next to the default.
    TICKETFLOW_DATA_DIR:
      service && !config.databaseUrl ? `${config.dataDir ?? '.data/ticketflow'}-${service}` : '',
    TICKETFLOW_HOST: config.host,
    TICKETFLOW_PROFILE: '',
    TICKETFLOW_OUTBOX: onOff(features.outbox),
    TICKETFLOW_INBOX: onOff(features.inbox),
    TICKETFLOW_RETRIES: onOff(features.retries),
    TICKETFLOW_ORDERING_GUARD: onOff(features.orderingGuard),
    TICKETFLOW_PARTITIONING: onOff(features.partitioning),
    TICKETFLOW_BROKER_PREFIX: config.brokerPrefix,
    TICKETFLOW_LOG_LEVEL: config.logLevel,
  };
}
