import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PROFILES, type ReliabilityFeatures, type ReliabilityProfile } from './reliability-profile.js';

export const SERVICE_NAMES = [
  'inquiries',
  'translations',
  'tickets',
  'sla',
  'communication',
  'metrics',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const TRANSPORTS = ['memory', 'rabbitmq', 'kafka', 'asb'] as const;
export type TransportName = (typeof TRANSPORTS)[number];

export interface TicketFlowConfig {
  readonly transport: TransportName;
  readonly rabbitmqUrl?: string | undefined;
  readonly kafkaBrokers?: readonly string[] | undefined;
  readonly asbConnectionString?: string | undefined;
  /** PostgreSQL connection string; without it the embedded PGlite database is used. */
  readonly databaseUrl?: string | undefined;
  /** Where PGlite keeps its data; undefined: in memory (nothing survives a restart). */
  readonly dataDir?: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly features: ReliabilityFeatures;
  /** Unique per process: names per-instance endpoints (anomaly sync, live feed, metrics). */
  readonly instanceId: string;
  readonly translation:
    | { readonly provider: 'offline' }
    | {
        readonly provider: 'openai';
        readonly baseUrl: string;
        readonly apiKey: string;
        readonly model: string;
      };
  /** Where a service reaches another's HTTP API (the synchronous variant only). Default: this process. */
  readonly serviceUrls: Partial<Record<ServiceName, string>>;
  /** Prefix of every broker resource (exchange, queue, topic, subscription) TicketFlow creates. */
  readonly brokerPrefix: string;
  readonly timing: {
    /** Delays of the delayed retries when retries are on. */
    readonly retryDelaysMs: readonly number[];
    readonly reminderIntervalMs: number;
    readonly breachCheckIntervalMs: number;
    readonly breachRealertMs: number;
    readonly metricsIntervalMs: number;
  };
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'on', 'off', 'yes', 'no'])
  .transform((value) => ['true', '1', 'on', 'yes'].includes(value));

const environmentSchema = z.object({
  TICKETFLOW_TRANSPORT: z.enum(TRANSPORTS).default('memory'),
  RABBITMQ_URL: z.string().url().optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  ASB_CONNECTION_STRING: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  TICKETFLOW_DATA_DIR: z.string().min(1).optional(),
  TICKETFLOW_HOST: z.string().default('localhost'),
  TICKETFLOW_PORT: z.coerce.number().int().min(0).max(65535).default(21000),
  TICKETFLOW_PROFILE: z.enum(['reliable', 'naive']).default('reliable'),
  TICKETFLOW_OUTBOX: booleanFlag.optional(),
  TICKETFLOW_INBOX: booleanFlag.optional(),
  TICKETFLOW_RETRIES: booleanFlag.optional(),
  TICKETFLOW_ORDERING_GUARD: booleanFlag.optional(),
  TICKETFLOW_PARTITIONING: booleanFlag.optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  TICKETFLOW_BROKER_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/)
    .default('ticketflow.'),
  TICKETFLOW_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type ConfigOverrides = Partial<Omit<TicketFlowConfig, 'features' | 'timing'>> & {
  readonly profile?: ReliabilityProfile;
  readonly features?: Partial<ReliabilityFeatures>;
  readonly timing?: Partial<TicketFlowConfig['timing']>;
};

export class ConfigError extends Error {}

/**
 * Configuration from environment variables, then explicit overrides (CLI flags, tests). Validated as a whole:
 * a bad value stops the start with a message naming the variable — never a half-working system.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigOverrides = {},
): TicketFlowConfig {
  // An empty variable means "not set" (as in `DATABASE_URL= npm start`).
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid TicketFlow configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const profile = PROFILES[overrides.profile ?? e.TICKETFLOW_PROFILE];
  const features: ReliabilityFeatures = {
    outbox: overrides.features?.outbox ?? e.TICKETFLOW_OUTBOX ?? profile.outbox,
    inbox: overrides.features?.inbox ?? e.TICKETFLOW_INBOX ?? profile.inbox,
    retries: overrides.features?.retries ?? e.TICKETFLOW_RETRIES ?? profile.retries,
    orderingGuard: overrides.features?.orderingGuard ?? e.TICKETFLOW_ORDERING_GUARD ?? profile.orderingGuard,
    partitioning: overrides.features?.partitioning ?? e.TICKETFLOW_PARTITIONING ?? profile.partitioning,
  };
  const openAi = e.OPENAI_API_KEY && e.OPENAI_BASE_URL;
  const config: TicketFlowConfig = {
    transport: overrides.transport ?? e.TICKETFLOW_TRANSPORT,
    rabbitmqUrl: overrides.rabbitmqUrl ?? e.RABBITMQ_URL,
    kafkaBrokers: overrides.kafkaBrokers ?? e.KAFKA_BROKERS?.split(',').map((broker) => broker.trim()),
    asbConnectionString: overrides.asbConnectionString ?? e.ASB_CONNECTION_STRING,
    databaseUrl: 'databaseUrl' in overrides ? overrides.databaseUrl : e.DATABASE_URL,
    dataDir: 'dataDir' in overrides ? overrides.dataDir : (e.TICKETFLOW_DATA_DIR ?? '.data/ticketflow'),
    host: overrides.host ?? e.TICKETFLOW_HOST,
    port: overrides.port ?? e.TICKETFLOW_PORT,
    features,
    instanceId: overrides.instanceId ?? randomUUID().slice(0, 8),
    translation:
      overrides.translation ??
      (openAi
        ? {
            provider: 'openai',
            baseUrl: e.OPENAI_BASE_URL!,
            apiKey: e.OPENAI_API_KEY!,
            model: e.OPENAI_MODEL,
          }
        : { provider: 'offline' }),
    serviceUrls: overrides.serviceUrls ?? {},
    brokerPrefix: overrides.brokerPrefix ?? e.TICKETFLOW_BROKER_PREFIX,
    timing: {
      retryDelaysMs: [1_000, 5_000, 15_000],
      reminderIntervalMs: 2_000,
      breachCheckIntervalMs: 5_000,
      breachRealertMs: 120_000,
      metricsIntervalMs: 1_000,
      ...overrides.timing,
    },
    logLevel: overrides.logLevel ?? e.TICKETFLOW_LOG_LEVEL,
  };
  assertBrokerConfigured(config);
  return config;
}

function assertBrokerConfigured(config: TicketFlowConfig): void {
  const missing =
    (config.transport === 'rabbitmq' && !config.rabbitmqUrl && 'RABBITMQ_URL (or --rabbitmq-url)') ||
    (config.transport === 'kafka' && !config.kafkaBrokers?.length && 'KAFKA_BROKERS (or --kafka-brokers)') ||
    (config.transport === 'asb' &&
      !config.asbConnectionString &&
      'ASB_CONNECTION_STRING (or --asb-connection-string)');
  if (missing) throw new ConfigError(`Transport "${config.transport}" needs ${missing}`);
}
