import type { FaultRule } from '@pragmatic-messaging/core';
import { z } from 'zod';
import type { ReliabilityFeatures } from '../config/reliability-profile.js';
import type { TransportName } from '../config/ticketflow-config.js';

/** The anomaly types TicketFlow offers; the catalogue below has exactly these (the compiler checks it). */
export const ANOMALY_TYPE_NAMES = [
  'ConsumerErrorBeforeHandler',
  'ConsumerErrorAfterHandler',
  'ConsumerDelayBeforeHandler',
  'ConsumerDelayAfterHandler',
  'ProducerErrorBeforeTransaction',
  'ProducerErrorWithinTransaction',
  'ProducerErrorAfterTransaction',
  'OutboxErrorOnSave',
  'OutboxErrorOnPublish',
  'DuplicateDelivery',
  'Reorder',
  'CrashBeforeAck',
  'ConnectionDrop',
] as const;
export const AnomalyTypeName = z.enum(ANOMALY_TYPE_NAMES);
export type AnomalyTypeName = z.infer<typeof AnomalyTypeName>;

export const AnomalyParamName = z.enum(['delayInMs', 'statusFilter', 'probability']);

/**
 * One entry of the catalogue as GET /api/system/anomaly-types serves it — the UI's type of it is generated from
 * this schema (through the OpenAPI document), so server and UI share one typed catalogue.
 */
export const AnomalyTypeEntry = z.object({
  name: AnomalyTypeName,
  description: z.string(),
  /** The parameters it takes: a delay for the delay types; any anomaly may be narrowed and made random. */
  params: z.array(AnomalyParamName),
  requiresDelay: z.boolean(),
  /** Why it cannot apply on this transport with these features; null when it can. */
  unavailable: z.string().nullable(),
});
export type AnomalyTypeEntry = z.infer<typeof AnomalyTypeEntry>;

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
export const ANOMALY_TYPES: Readonly<Record<AnomalyTypeName, AnomalyType>> = {
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

/** The catalogue's entry for a name from outside (a request, a message); undefined when there is none. */
export function anomalyTypeOf(name: string): AnomalyType | undefined {
  return isAnomalyTypeName(name) ? ANOMALY_TYPES[name] : undefined;
}

export function isAnomalyTypeName(name: string): name is AnomalyTypeName {
  return (ANOMALY_TYPE_NAMES as readonly string[]).includes(name);
}

/** Why `anomalyType` cannot apply in `setting`, if it cannot. */
export function unavailabilityOf(anomalyType: string, setting: AnomalySetting): string | undefined {
  return anomalyTypeOf(anomalyType)?.unavailableIn?.(setting);
}

/** The whole catalogue for a setting, as the technical area shows it. */
export function anomalyCatalogue(setting: AnomalySetting): AnomalyTypeEntry[] {
  return ANOMALY_TYPE_NAMES.map((name) => {
    const type = ANOMALY_TYPES[name];
    return {
      name,
      description: type.description,
      params: type.needsDelay
        ? ['delayInMs', 'statusFilter', 'probability']
        : ['statusFilter', 'probability'],
      requiresDelay: type.needsDelay,
      unavailable: type.unavailableIn?.(setting) ?? null,
    };
  });
}
