import type { ReceivedServiceBusMessage } from '../../src/service-bus-surface.js';
import type { StoredMessage } from './stored-message.js';

export type ReceivedMessageDouble = ReceivedServiceBusMessage & {
  readonly sequenceNumber: number;
  readonly deadLetterSource?: string | undefined;
  readonly state: 'active';
};

/**
 * What a receiver hands out. As in the SDK, a body sent as bytes is JSON-parsed unless the receiver was created
 * with `skipParsingBodyAsJson` (https://learn.microsoft.com/javascript/api/@azure/service-bus/servicebusreceiveroptions).
 */
export function receivedMessageOf(
  stored: StoredMessage,
  skipParsingBodyAsJson: boolean,
): ReceivedMessageDouble {
  const { message } = stored;
  return {
    body: bodyOf(message.body, skipParsingBodyAsJson),
    messageId: message.messageId,
    correlationId: message.correlationId,
    contentType: message.contentType,
    subject: message.subject,
    sessionId: message.sessionId,
    to: message.to,
    applicationProperties: { ...stored.applicationProperties },
    lockToken: stored.lock?.token,
    deliveryCount: stored.deliveryCount,
    lockedUntilUtc: stored.lock ? new Date(stored.lock.until) : undefined,
    enqueuedTimeUtc: stored.enqueuedTimeUtc,
    sequenceNumber: stored.sequenceNumber,
    deadLetterReason: stored.deadLetterReason,
    deadLetterErrorDescription: stored.deadLetterErrorDescription,
    deadLetterSource: stored.deadLetterSource,
    state: 'active',
  };
}

function bodyOf(body: unknown, skipParsingBodyAsJson: boolean): unknown {
  if (!Buffer.isBuffer(body)) return structuredClone(body);
  const copy = Buffer.from(body);
  if (skipParsingBodyAsJson) return copy;
  try {
    return JSON.parse(copy.toString('utf8'));
  } catch {
    return copy;
  }
}
