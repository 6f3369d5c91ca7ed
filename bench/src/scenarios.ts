import type { ContenderId } from './contender-catalogue.js';
import type { FigureSpec } from './figures.js';

export type BrokerVariable = 'RABBITMQ_URL' | 'KAFKA_BROKERS' | 'DATABASE_URL';

export interface ScenarioContender {
  readonly id: ContenderId;
  readonly label: string;
  /** `--transport` filter; ratios compare contenders of one transport only. */
  readonly transport: 'rabbitmq' | 'kafka' | 'memory';
  /** The reference of its transport: ratios are to this contender. */
  readonly baseline?: boolean;
  /** Run parameters of this contender only, e.g. a fixed rate for a latency figure next to a throughput one. */
  readonly overrides?: { readonly messages: number; readonly ratePerSecond: number };
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly defaults: { readonly messages: number; readonly size: number; readonly ratePerSecond?: number };
  /** The first figure is the one charted and compared with the target. */
  readonly figures: readonly FigureSpec[];
  readonly contenders: readonly ScenarioContender[];
  readonly needs: readonly BrokerVariable[];
}

const THROUGHPUT: FigureSpec = { key: 'throughput', label: 'throughput', unit: 'msg/s', better: 'higher' };
const P50: FigureSpec = { key: 'p50', label: 'p50', unit: 'ms', better: 'lower' };
const P95: FigureSpec = { key: 'p95', label: 'p95', unit: 'ms', better: 'lower' };
const P99: FigureSpec = { key: 'p99', label: 'p99', unit: 'ms', better: 'lower' };
/**
 * User + system CPU of the contender's process per message (publisher and consumer both run in it). Far steadier
 * than msg/s on a shared machine, and it shows the library's own cost, not the broker's.
 */
const CPU: FigureSpec = { key: 'cpuPerMessage', label: 'CPU', unit: 'µs/msg', better: 'lower' };

/** Added latency is read at a load both sides sustain, not at saturation where queueing dominates. */
const AT_200 = { messages: 2_000, ratePerSecond: 200 } as const;

const RAW_AMQPLIB = {
  id: 'amqplib-raw',
  label: 'amqplib (raw)',
  transport: 'rabbitmq',
  baseline: true,
} as const satisfies ScenarioContender;
const TOOLKIT_RABBITMQ = {
  id: 'toolkit-rabbitmq',
  label: 'pragmatic-messaging',
  transport: 'rabbitmq',
} as const satisfies ScenarioContender;
const RAW_KAFKAJS = {
  id: 'kafkajs-raw',
  label: 'kafkajs (raw)',
  transport: 'kafka',
  baseline: true,
} as const satisfies ScenarioContender;
const TOOLKIT_KAFKA = {
  id: 'toolkit-kafka',
  label: 'pragmatic-messaging on kafkajs',
  transport: 'kafka',
} as const satisfies ScenarioContender;
const RAW_PLATFORMATIC = {
  id: 'platformatic-raw',
  label: '@platformatic/kafka (raw)',
  transport: 'kafka',
} as const satisfies ScenarioContender;
const TOOLKIT_KAFKA_PLATFORMATIC = {
  id: 'toolkit-kafka-platformatic',
  label: 'pragmatic-messaging on @platformatic/kafka',
  transport: 'kafka',
} as const satisfies ScenarioContender;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'rabbitmq',
    title: 'RabbitMQ end-to-end throughput (confirms, persistent, manual ack)',
    defaults: { messages: 20_000, size: 1_024 },
    figures: [THROUGHPUT, CPU, P50, P99],
    contenders: [
      RAW_AMQPLIB,
      { id: 'amqplib-raw-envelope', label: "amqplib + the toolkit's envelope", transport: 'rabbitmq' },
      TOOLKIT_RABBITMQ,
      { id: 'rascal', label: 'rascal', transport: 'rabbitmq' },
      { id: 'message-queue-toolkit', label: '@message-queue-toolkit/amqp', transport: 'rabbitmq' },
    ],
    needs: ['RABBITMQ_URL'],
  },
  {
    name: 'kafka',
    title: 'Kafka end-to-end throughput (idempotent producer, acks=all, commit after handling)',
    defaults: { messages: 50_000, size: 1_024 },
    figures: [THROUGHPUT, CPU, P50, P99],
    contenders: [
      RAW_KAFKAJS,
      { id: 'kafkajs-raw-envelope', label: "kafkajs + the toolkit's envelope", transport: 'kafka' },
      TOOLKIT_KAFKA,
      RAW_PLATFORMATIC,
      TOOLKIT_KAFKA_PLATFORMATIC,
    ],
    needs: ['KAFKA_BROKERS'],
  },
  {
    name: 'latency',
    title: 'Latency at a fixed rate, publish → handler',
    defaults: { messages: 15_000, size: 1_024, ratePerSecond: 1_000 },
    figures: [P99, P50, P95, CPU],
    contenders: [
      RAW_AMQPLIB,
      TOOLKIT_RABBITMQ,
      RAW_KAFKAJS,
      TOOLKIT_KAFKA,
      RAW_PLATFORMATIC,
      TOOLKIT_KAFKA_PLATFORMATIC,
    ],
    needs: ['RABBITMQ_URL', 'KAFKA_BROKERS'],
  },
  {
    name: 'outbox',
    title: 'Outbox + inbox on PostgreSQL vs direct publish (toolkit on RabbitMQ)',
    defaults: { messages: 5_000, size: 1_024 },
    figures: [THROUGHPUT, CPU, P50, P99],
    contenders: [
      { ...TOOLKIT_RABBITMQ, label: 'direct publish', baseline: true },
      { id: 'toolkit-outbox-inbox', label: 'outbox + inbox (PostgreSQL)', transport: 'rabbitmq' },
      { ...TOOLKIT_RABBITMQ, label: 'direct publish @ 200 msg/s', baseline: true, overrides: AT_200 },
      {
        id: 'toolkit-outbox-inbox',
        label: 'outbox + inbox @ 200 msg/s',
        transport: 'rabbitmq',
        overrides: AT_200,
      },
    ],
    needs: ['RABBITMQ_URL', 'DATABASE_URL'],
  },
  {
    name: 'memory',
    title: 'Memory: RSS while messages flow through the toolkit (in-memory transport)',
    defaults: { messages: 500_000, size: 1_024 },
    figures: [
      { key: 'rssSlopeMbPer100k', label: 'RSS slope', unit: 'MB/100k msgs', better: 'lower' },
      { key: 'rssStartMb', label: 'RSS after warm-up', unit: 'MB', better: 'lower' },
      { key: 'rssEndMb', label: 'RSS at end', unit: 'MB', better: 'lower' },
      { key: 'rssPeakMb', label: 'RSS peak', unit: 'MB', better: 'lower' },
      THROUGHPUT,
    ],
    contenders: [{ id: 'toolkit-memory-soak', label: 'pragmatic-messaging', transport: 'memory' }],
    needs: [],
  },
  {
    name: 'ticketflow',
    title: 'Embedded TicketFlow (in-memory transport, PGlite)',
    defaults: { messages: 100, size: 1_024 },
    figures: [
      { key: 'startMs', label: 'start', unit: 'ms', better: 'lower' },
      { key: 'p50', label: 'inquiry→ticket p50', unit: 'ms', better: 'lower' },
      { key: 'p95', label: 'inquiry→ticket p95', unit: 'ms', better: 'lower' },
      { key: 'rssPeakMb', label: 'peak RSS', unit: 'MB', better: 'lower' },
    ],
    contenders: [
      { id: 'ticketflow-embedded', label: 'TicketFlow embedded, first start (initdb)', transport: 'memory' },
      {
        id: 'ticketflow-embedded-restart',
        label: 'TicketFlow embedded, later starts (data folder exists)',
        transport: 'memory',
      },
    ],
    needs: [],
  },
];

export function scenarioNamed(name: string): Scenario {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) {
    throw new Error(
      `Unknown scenario "${name}"; choose one of: all, ${SCENARIOS.map((s) => s.name).join(', ')}`,
    );
  }
  return scenario;
}
