import {
  computeRecoveryPlan,
  type RecoveryPlan,
  type TransportCapabilities,
} from '@pragmatic-messaging/core';
import { retryPolicyOf } from '../config/reliability-profile.js';
import { TRANSPORTS, type TransportName } from '../config/ticketflow-config.js';
import { declaredServiceBus } from '../runtime/declared-buses.js';
import { describingConfig } from '../runtime/describing-config.js';
import { type CompareReport, duplicatesOf } from './compare-report.js';

/** What one transport offers, read from the transport itself and from the recovery plan of a TicketFlow endpoint. */
export interface BrokerProfile {
  readonly transport: TransportName;
  readonly capabilities: TransportCapabilities;
  /** The plan of SLA's ordered, partitioned `sla.ticket-changes` endpoint under the reliable profile. */
  readonly orderedPlan: RecoveryPlan;
}

/** Every transport's profile, from buses that are declared but never started: nothing connects. */
export function brokerProfiles(): BrokerProfile[] {
  return TRANSPORTS.map((transport) => {
    const config = describingConfig(transport, {});
    const messaging = declaredServiceBus('sla', config);
    const endpoint = messaging
      .topology()
      .endpoints.find((candidate) => candidate.name === 'sla.ticket-changes');
    if (!endpoint) throw new Error('SLA declares no sla.ticket-changes endpoint');
    return {
      transport,
      capabilities: messaging.transport.capabilities,
      orderedPlan: computeRecoveryPlan(
        endpoint,
        retryPolicyOf(config.features, config.timing.retryDelaysMs),
        messaging.transport,
      ),
    };
  });
}

const TITLES: Record<TransportName, string> = {
  memory: 'in-memory',
  rabbitmq: 'RabbitMQ',
  kafka: 'Kafka',
  asb: 'Azure Service Bus',
};

const DELAYED: Record<TransportCapabilities['delayedDelivery'], string> = {
  'native-scheduling': 'scheduled messages (broker)',
  'retry-queues': 'a TTL retry queue per delay',
  'retry-topics': 'a retry topic per delay, re-published when due',
  'in-process': 'timer in the process',
};
const DEAD_LETTERS: Record<TransportCapabilities['deadLetter'], string> = {
  native: 'native dead-letter sub-queue',
  'dead-letter-queue': 'a dead-letter queue per endpoint',
  'dead-letter-topic': 'a dead-letter topic per endpoint',
  'in-process': 'in memory, per endpoint',
};
const ORDERING: Record<TransportCapabilities['ordering'], string> = {
  'partitioned-queues': 'consistent-hash partition queues, single active consumer',
  'log-partitions': 'topic partitions, consumer group',
  sessions: 'sessions (session id = key)',
  'in-process': 'one queue per partition in the process',
};

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${Math.round(value / (1024 * 1024))} MiB`;
  return `${Math.round(value / 1024)} KiB`;
}

function duration(ms: number): string {
  if (ms >= Number.MAX_SAFE_INTEGER) return 'no limit';
  if (ms >= 86_400_000) return `${Math.floor(ms / 86_400_000)} days`;
  return `${Math.round(ms / 1000)} s`;
}

type Row = readonly [string, (profile: BrokerProfile) => string];

const CAPABILITY_ROWS: readonly Row[] = [
  ['delayed retries', (p) => DELAYED[p.capabilities.delayedDelivery]],
  ['retry delays fixed when provisioning', (p) => yesNo(p.capabilities.retryDelaysProvisioned)],
  ['longest retry delay', (p) => duration(p.capabilities.maxDelayMs)],
  ['dead letters', (p) => DEAD_LETTERS[p.capabilities.deadLetter]],
  ['per-key ordering', (p) => ORDERING[p.capabilities.ordering]],
  [
    'type filtering',
    (p) =>
      p.capabilities.typeFiltering === 'broker' ? 'by the broker' : 'by the consumer (skips other types)',
  ],
  ['unroutable messages detected', (p) => yesNo(p.capabilities.unroutableDetection)],
  ['broker-side deduplication', (p) => yesNo(p.capabilities.nativeDeduplication)],
  ['largest message', (p) => bytes(p.capabilities.maxMessageBytes)],
  [
    'TicketFlow retries (reliable)',
    (p) =>
      `${p.orderedPlan.immediateRetries} immediate + ${p.orderedPlan.delayedRetries.length} delayed; ≤ ${p.orderedPlan.maxHandlerRuns} handler runs`,
  ],
];

/** Measured rows from the latest compare run: per broker, over every scenario it ran. */
function measuredRows(report: CompareReport): Row[] {
  const of = (transport: TransportName, profile: 'reliable' | 'naive') =>
    report.results.filter(
      (result) => result.transport === transport && result.profile === profile && !result.skipped,
    );
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const measured =
    (text: (p: BrokerProfile) => string): ((p: BrokerProfile) => string) =>
    (p) =>
      report.transports.includes(p.transport) ? text(p) : 'not measured';
  const steady = (transport: TransportName) =>
    report.results.find(
      (result) =>
        result.transport === transport && result.profile === 'reliable' && result.scenario === 'steady',
    );
  return [
    [
      'measured, reliable: lost / duplicated',
      measured(
        (p) =>
          `${sum(of(p.transport, 'reliable').map((r) => r.lost))} / ${sum(of(p.transport, 'reliable').map(duplicatesOf))}`,
      ),
    ],
    [
      'measured, naive: lost / duplicated',
      measured(
        (p) =>
          `${sum(of(p.transport, 'naive').map((r) => r.lost))} / ${sum(of(p.transport, 'naive').map(duplicatesOf))}`,
      ),
    ],
    [
      'measured: inquiry → ticket p50 / p95 (steady)',
      measured((p) => {
        const latency = steady(p.transport)?.latencyMs;
        return latency ? `${latency.p50} / ${latency.p95} ms` : '—';
      }),
    ],
    [
      'measured: recovery after the fault (longest)',
      measured((p) => {
        const times = of(p.transport, 'reliable')
          .map((r) => r.recoveryMs)
          .filter((value): value is number => value !== null);
        return times.length ? `${(Math.max(...times) / 1000).toFixed(1)} s` : '—';
      }),
    ],
  ];
}

/** The Markdown table "what changes when you switch brokers". */
export function brokerDifferencesTable(profiles: readonly BrokerProfile[], report?: CompareReport): string {
  const rows = [...CAPABILITY_ROWS, ...(report ? measuredRows(report) : [])];
  const header = `| | ${profiles.map((p) => TITLES[p.transport]).join(' | ')} |`;
  const rule = `| --- | ${profiles.map(() => '---').join(' | ')} |`;
  const body = rows.map(([title, cell]) => `| ${title} | ${profiles.map((p) => cell(p)).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}
