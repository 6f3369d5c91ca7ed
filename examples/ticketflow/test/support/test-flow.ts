import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import type { ServiceName, TransportName } from '../../src/config/ticketflow-config.js';
import { type RunningTicketFlow, type StartTicketFlowOptions, startTicketFlow } from '../../src/embedded.js';

/** Timings short enough for tests: schedulers every 50 ms, re-alerts after 1 s. */
export const FAST_TIMING = {
  reminderIntervalMs: 50,
  breachCheckIntervalMs: 50,
  breachRealertMs: 1_000,
  metricsIntervalMs: 100,
} as const;

export const AGENT = {
  id: '00000000-0000-0000-0000-000000000002',
  userId: '00000000-0000-0000-0000-000000000002',
};

export interface TransportSuite {
  readonly transport: TransportName;
  /** False when the broker is not configured (the suite is then skipped loudly, and fails in CI). */
  readonly ready: boolean;
  readonly options: StartTicketFlowOptions;
}

/** The in-memory transport always; RabbitMQ and Kafka when their brokers are up (scripts/services.sh). */
export function transportSuites(what: string): TransportSuite[] {
  const rabbitmqUrl = brokerFromEnvironment('RABBITMQ_URL', `${what} on RabbitMQ`);
  const kafkaBrokers = brokerFromEnvironment('KAFKA_BROKERS', `${what} on Kafka`);
  // A fresh prefix per run: brokers keep queues and topics between runs.
  const brokerPrefix = `tfsvc${randomUUID().slice(0, 6)}.`;
  return [
    { transport: 'memory', ready: true, options: {} },
    {
      transport: 'rabbitmq',
      ready: Boolean(rabbitmqUrl),
      options: { transport: 'rabbitmq', rabbitmqUrl, brokerPrefix },
    },
    {
      transport: 'kafka',
      ready: Boolean(kafkaBrokers),
      options: { transport: 'kafka', kafkaBrokers: kafkaBrokers?.split(','), brokerPrefix },
    },
  ];
}

/** The embedded runtime on a free port, in-memory database and transport, no UI, quiet. */
export function startTestFlow(options: StartTicketFlowOptions = {}): Promise<RunningTicketFlow> {
  return startTicketFlow({
    port: 0,
    host: '127.0.0.1',
    dataDir: undefined,
    web: false,
    logLevel: 'silent',
    env: {},
    ...options,
    timing: { ...FAST_TIMING, ...options.timing },
  });
}

/** Resolves when `service` next publishes a message of `type`; rejects after `timeoutMs` naming both. */
export function nextPublished(
  flow: RunningTicketFlow,
  service: ServiceName,
  type: string,
  timeoutMs = 5_000,
): Promise<void> {
  const messaging = flow.runtime.host(service)?.current().messaging;
  if (!messaging) throw new Error(`Service ${service} does not run in this flow`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${service} did not publish "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = messaging.onEvent((event) => {
      if (event.kind !== 'published' || event.type !== type) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
