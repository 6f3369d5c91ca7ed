import type { ServiceBusMessage } from '@azure/service-bus';

export type ApplicationProperties = NonNullable<ServiceBusMessage['applicationProperties']>;

/** A message as the broker holds it in one subscription (each subscription gets its own copy). */
export interface StoredMessage {
  readonly sequenceNumber: number;
  readonly message: ServiceBusMessage;
  applicationProperties: ApplicationProperties;
  readonly enqueuedTimeUtc: Date;
  /** Epoch ms after which the message expires. */
  readonly expiresAt: number;
  deliveryCount: number;
  lock?: MessageLock | undefined;
  deadLetterReason?: string | undefined;
  deadLetterErrorDescription?: string | undefined;
  deadLetterSource?: string | undefined;
}

export interface MessageLock {
  readonly token: string;
  until: number;
  /** Who holds it: a receiver (plain lock) or a session receiver (covered by its session lock). */
  readonly holder: object;
  timer?: NodeJS.Timeout | undefined;
}

/** What every subscription receives: its own copy, so settling in one never touches another. */
export function copyMessage(message: ServiceBusMessage): ServiceBusMessage {
  const body = Buffer.isBuffer(message.body) ? Buffer.from(message.body) : structuredClone(message.body);
  return { ...message, body, applicationProperties: { ...message.applicationProperties } };
}

/** Approximately what Service Bus counts against the message size limit: body, properties, system properties. */
export function sizeOf(message: ServiceBusMessage): number {
  const body = Buffer.isBuffer(message.body)
    ? message.body.byteLength
    : Buffer.byteLength(JSON.stringify(message.body ?? null));
  let size = body;
  for (const [name, value] of Object.entries(message.applicationProperties ?? {})) {
    size += Buffer.byteLength(name) + Buffer.byteLength(String(value));
  }
  for (const value of [
    message.messageId,
    message.subject,
    message.to,
    message.sessionId,
    message.correlationId,
  ]) {
    if (value !== undefined) size += Buffer.byteLength(String(value));
  }
  return size;
}
