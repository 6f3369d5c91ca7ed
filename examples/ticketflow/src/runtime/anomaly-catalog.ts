import type { FaultRule } from '@pragmatic-messaging/core';
import type { ReliabilityFeatures } from '../config/reliability-profile.js';
import type { TransportName } from '../config/ticketflow-config.js';

export interface AnomalyParams {
  readonly delayInMs?: number | undefined;
  readonly statusFilter?: string | undefined;
  readonly probability?: number | undefined;
}

/** Where an anomaly would be enabled: the service's transport and reliability features. */
export interface AnomalySetting {
  readonly transport: TransportName;
  readonly features: ReliabilityFeatures;
}

interface AnomalyType {
  readonly description: string;
  readonly needsDelay: boolean;
  readonly toRule: (messageType: string, params: AnomalyParams) => FaultRule;
  /** Why the anomaly cannot apply in this setting; undefined when it can. */
  readonly unavailableIn?: (setting: AnomalySetting) => string | undefined;
}

const needsOutbox = ({ features }: AnomalySetting) =>
  features.outbox
    ? undefined
    : 'Needs the outbox: with the outbox off nothing is written to it or relayed from it.';

const ERROR_MESSAGE = 'Error anomaly has been generated!';

function scoped(
  messageType: string,
  params: AnomalyParams,
): Pick<FaultRule, 'messageType' | 'where' | 'probability'> {
  return {
    messageType,
    where: params.statusFilter ? { status: params.statusFilter } : undefined,
    probability: params.probability,
  };
}

/**
 * The anomalies TicketFlow offers, mapped onto the toolkit's fault points. The first nine are the original's;
 * the last four are the faults that deduplication, ordering, the outbox and reconnection exist to survive.
 */
export const ANOMALY_TYPES: Readonly<Record<string, AnomalyType>> = {
  ConsumerErrorBeforeHandler: {
    description: 'Handling fails before the handler runs (retries, then the dead-letter queue).',
    needsDelay: false,
    toRule: (type, params) => ({
      point: 'handler.before',
      errorMessage: ERROR_MESSAGE,
      ...scoped(type, params),
    }),
  },
  ConsumerErrorAfterHandler: {
    description: 'Handling fails after the handler ran: its database work is rolled back and it runs again.',
    needsDelay: false,
    toRule: (type, params) => ({
      point: 'handler.after',
      errorMessage: ERROR_MESSAGE,
      ...scoped(type, params),
    }),
  },
  ConsumerDelayBeforeHandler: {
    description: 'Handling waits before the handler runs.',
    needsDelay: true,
    toRule: (type, params) => ({
      point: 'handler.before',
      effect: 'delay',
      delayMs: params.delayInMs,
      ...scoped(type, params),
    }),
  },
  ConsumerDelayAfterHandler: {
    description: 'Handling waits after the handler ran, keeping its transaction open.',
    needsDelay: true,
    toRule: (type, params) => ({
      point: 'handler.after',
      effect: 'delay',
      delayMs: params.delayInMs,
      ...scoped(type, params),
    }),
  },
  ProducerErrorBeforeTransaction: {
    description:
      'Publishing this type fails before it is stored or sent: the whole operation fails, nothing is written.',
    needsDelay: false,
    toRule: (type, params) => ({
      point: 'publish.before',
      errorMessage: ERROR_MESSAGE,
      ...scoped(type, params),
    }),
  },
  ProducerErrorWithinTransaction: {
    description:
      'The transaction that publishes this type fails before commit. Without the outbox the message is already out.',
    needsDelay: false,
    toRule: (type, params) => ({
      point: 'transaction.within',
      errorMessage: ERROR_MESSAGE,
      ...scoped(type, params),
    }),
  },
  ProducerErrorAfterTransaction: {
    description:
      'Fails after commit: the caller sees an error although the work was done (redelivery: duplicates).',
    needsDelay: false,
    toRule: (type, params) => ({
      point: 'transaction.after',
      errorMessage: ERROR_MESSAGE,
      ...scoped(type, params),
    }),
  },
  OutboxErrorOnSave: {
    description:
      'Fails right after the message was written to the outbox, before commit: everything rolls back.',
    needsDelay: false,
    toRule: (type, params) => ({
      point: 'outbox.save',
      errorMessage: ERROR_MESSAGE,
      ...scoped(type, params),
    }),
    unavailableIn: needsOutbox,
  },
  OutboxErrorOnPublish: {
    description: 'The relay published the message but fails before marking it sent: it is published again.',
    needsDelay: false,
    toRule: (type, params) => ({ point: 'outbox.publish', ...scoped(type, params) }),
    unavailableIn: needsOutbox,
  },
  DuplicateDelivery: {
    description: 'Every message of this type is delivered twice.',
    needsDelay: false,
    toRule: (type, params) => ({ point: 'delivery.duplicate', ...scoped(type, params) }),
  },
  Reorder: {
    description: 'A message of this type is held back (delayInMs, default 2000) so later ones overtake it.',
    needsDelay: false,
    toRule: (type, params) => ({
      point: 'delivery.reorder',
      delayMs: params.delayInMs ?? 2_000,
      ...scoped(type, params),
    }),
    unavailableIn: ({ transport, features }) =>
      transport === 'kafka' && !features.retries
        ? 'On Kafka a held-back message waits in a retry topic, and retry topics exist only with retries on.'
        : undefined,
  },
  CrashBeforeAck: {
    description: 'The consumer handles the message and "crashes" before acknowledging it: it comes again.',
    needsDelay: false,
    toRule: (type, params) => ({ point: 'delivery.crash-before-ack', ...scoped(type, params) }),
  },
  ConnectionDrop: {
    description: 'The broker connection drops when a message of this type arrives; the transport reconnects.',
    needsDelay: false,
    toRule: (type, params) => ({ point: 'transport.connection-drop', count: 1, ...scoped(type, params) }),
  },
};

/** Why `anomalyType` cannot apply in `setting`, if it cannot. */
export function unavailabilityOf(anomalyType: string, setting: AnomalySetting): string | undefined {
  return ANOMALY_TYPES[anomalyType]?.unavailableIn?.(setting);
}
