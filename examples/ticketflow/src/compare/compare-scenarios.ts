import type { TransportName } from '../config/ticketflow-config.js';
import type { Deployment } from './deployment.js';

/** The fault of one scenario: turned on before the load, in the middle of it, and off after quiescence. */
export interface CompareScenario {
  readonly name: string;
  readonly description: string;
  /** Why it cannot run on this transport; undefined when it can. */
  readonly unavailableOn?: (transport: TransportName) => string | undefined;
  /** An anomaly of the technical area, on for the whole load. */
  readonly anomaly?: { readonly service: string; readonly anomalyType: string; readonly messageType: string };
  /** Something done half-way through the load; resolves to when it happened (for the recovery time). */
  readonly midLoad?: (deployment: Deployment) => Promise<number | undefined>;
}

const separateProcesses = (transport: TransportName) =>
  transport === 'memory'
    ? 'the in-memory transport runs every service in one process: no instance to kill'
    : undefined;

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
    midLoad: (deployment) => deployment.kill('tickets#2'),
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
