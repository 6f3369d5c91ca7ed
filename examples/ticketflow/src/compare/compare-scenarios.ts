import { Headers } from '@pragmatic-messaging/core';
import { restartService } from '../../../../scripts/test-support/service-drill.js';
import type { TransportName } from '../config/ticketflow-config.js';
import { InquirySubmitted } from '../contracts/inquiries-contracts.js';
import type { Deployment } from './deployment.js';

/** What a scenario's fault gets to know about its run. */
export interface FaultRun {
  readonly deployment: Deployment;
  readonly transport: TransportName;
  /** The run's tag: every title, address and injected message of the run carries it. */
  readonly tag: string;
}

/** The fault of one scenario: an anomaly on for the whole load, and/or something done half-way through it. */
export interface CompareScenario {
  readonly name: string;
  readonly description: string;
  /** Why it cannot run on this transport; undefined when it can. */
  readonly unavailableOn?: (transport: TransportName) => string | undefined;
  /** An anomaly of the technical area, on for the whole load. */
  readonly anomaly?: {
    readonly service: string;
    readonly anomalyType: string;
    readonly messageType: string;
    readonly params?: Readonly<Record<string, number | string>>;
  };
  /**
   * Done half-way through the load while the load goes on; resolves when the fault is over (the recovery time
   * counts from then).
   */
  readonly midLoad?: (run: FaultRun) => Promise<void>;
  /** The process the fault takes away: started again after the scenario when more runs follow. */
  readonly takes?: string;
  /** The agent blocks and unblocks every ticket after qualifying it (ticket events whose order matters). */
  readonly blockAndUnblock?: boolean;
  /** A dead letter of the run must have a reason matching this: otherwise the report names a violation. */
  readonly expectedDeadLetter?: RegExp;
}

const separateProcesses = (transport: TransportName) =>
  transport === 'memory'
    ? 'the in-memory transport runs every service in one process: no instance to kill'
    : undefined;

const realBroker = (transport: TransportName) =>
  transport === 'memory'
    ? 'the in-memory broker lives inside the TicketFlow process: there is no broker to restart'
    : transport === 'asb'
      ? 'a namespace cannot be restarted, and the emulator of scripts/services.sh keeps its entities and messages in memory (a restart loses them, which Service Bus never does): nothing to compare'
      : undefined;

const realDatabase = (transport: TransportName) =>
  transport === 'memory'
    ? 'the in-memory run keeps its data in PGlite inside the process: there is no database server to restart'
    : undefined;

/** A message no handler can decode: an InquirySubmitted whose body is not JSON (Tickets consumes the type). */
function poisonFor(tag: string) {
  return {
    id: `${tag}-poison`,
    type: InquirySubmitted.type,
    topic: InquirySubmitted.topic,
    key: `${tag}-poison`,
    headers: { [Headers.contentType]: 'application/json', [Headers.attempt]: '1' },
    body: new TextEncoder().encode(`{"title": "${tag} poison", oops`),
    timestamp: Date.now(),
  };
}

export const COMPARE_SCENARIOS: readonly CompareScenario[] = [
  { name: 'steady', description: 'the seeded load, no fault' },
  {
    name: 'duplicate-delivery',
    description: 'every IncidentCreated is delivered twice to Communication',
    anomaly: {
      service: 'communication',
      anomalyType: 'DuplicateDelivery',
      messageType: 'tickets.incident-created',
    },
  },
  {
    name: 'reorder',
    description:
      'every ticket is blocked and unblocked; SLA gets each TicketBlocked 1.5 s late, after the TicketUnblocked',
    anomaly: {
      service: 'sla',
      anomalyType: 'Reorder',
      messageType: 'tickets.ticket-blocked',
      params: { delayInMs: 1_500 },
    },
    blockAndUnblock: true,
  },
  {
    name: 'crash-before-ack',
    description: 'Communication handles each IncidentCreated, then "crashes" before the ack: delivered again',
    anomaly: {
      service: 'communication',
      anomalyType: 'CrashBeforeAck',
      messageType: 'tickets.incident-created',
    },
  },
  {
    name: 'connection-drop',
    description: "Tickets' broker connection drops when an inquiry arrives (once)",
    anomaly: {
      service: 'tickets',
      anomalyType: 'ConnectionDrop',
      messageType: 'inquiries.inquiry-submitted',
    },
  },
  {
    name: 'consumer-kill',
    description: 'SIGKILL of the second Tickets instance (a competing consumer) half-way through the load',
    unavailableOn: separateProcesses,
    midLoad: async ({ deployment }) => void (await deployment.kill('tickets#2')),
    takes: 'tickets#2',
  },
  {
    name: 'broker-restart',
    description:
      'the broker is stopped and started again (scripts/services.sh restart) half-way through the load',
    unavailableOn: realBroker,
    midLoad: ({ transport }) => restartService(transport as 'rabbitmq' | 'kafka'),
  },
  {
    name: 'database-restart',
    description:
      'PostgreSQL is stopped and started again (scripts/services.sh restart) half-way through the load',
    unavailableOn: realDatabase,
    midLoad: () => restartService('postgres'),
  },
  {
    name: 'poison-message',
    description: 'half-way through the load an InquirySubmitted that is not JSON reaches Tickets',
    midLoad: ({ deployment, tag }) => deployment.sendRaw([poisonFor(tag)]),
    expectedDeadLetter: /DECODE_FAILED/,
  },
];

/** The short profile for CI: steady load, a duplicate delivery, a killed consumer. */
export const SHORT_SCENARIOS = ['steady', 'duplicate-delivery', 'consumer-kill'] as const;

export function scenariosNamed(list: string): CompareScenario[] {
  if (list === 'all') return [...COMPARE_SCENARIOS];
  const names = list === 'short' ? [...SHORT_SCENARIOS] : list.split(',').map((name) => name.trim());
  return names.map((name) => {
    const scenario = COMPARE_SCENARIOS.find((candidate) => candidate.name === name);
    if (!scenario) {
      throw new Error(
        `Unknown scenario "${name}": one of ${COMPARE_SCENARIOS.map((candidate) => candidate.name).join(', ')}, short or all`,
      );
    }
    return scenario;
  });
}
