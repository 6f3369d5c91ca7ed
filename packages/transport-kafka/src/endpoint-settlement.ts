import {
  attemptOf,
  deadLetterCopy,
  type EndpointTopology,
  type FailureDetails,
  type Logger,
  retryCopy,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import type { OutgoingRecord } from './client/kafka-client.js';
import { toRecord } from './message-codec.js';
import type { KafkaNaming } from './resource-names.js';

/**
 * Maps `retryLater` and `deadLetter` onto Kafka: a copy is appended to the endpoint's retry topic (with the time
 * it is due) or to its dead-letter topic, and only once the broker acknowledged it is the original's offset
 * allowed to move past it. A failing message therefore never blocks its partition.
 */
export class EndpointSettlement {
  constructor(
    private readonly naming: KafkaNaming,
    private readonly send: (records: readonly OutgoingRecord[]) => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async retryLater(
    endpoint: EndpointTopology,
    message: TransportMessage,
    delayMs: number,
    failure: FailureDetails,
  ): Promise<void> {
    if (endpoint.temporary) return this.deadLetter(endpoint, message, failure);
    const topic = this.naming.retryTopic(endpoint.name, retryTopicDelay(endpoint, delayMs));
    const copy = retryCopy(message, attemptOf(message.headers), failure);
    await this.send([toRecord(copy, { topic, key: message.key ?? message.id, dueAt: Date.now() + delayMs })]);
  }

  async deadLetter(
    endpoint: EndpointTopology,
    message: TransportMessage,
    failure: FailureDetails,
  ): Promise<void> {
    if (endpoint.temporary) {
      // Temporary endpoints have no dead-letter topic by design; say loudly what is dropped.
      this.logger.error(
        { endpoint: endpoint.name, messageId: message.id, type: message.type, reason: failure.reason },
        'Temporary endpoint has no dead-letter topic; the failed message is dropped',
      );
      return;
    }
    const topic = this.naming.deadLetterTopic(endpoint.name);
    await this.send([toRecord(deadLetterCopy(message, failure), { topic, key: message.id })]);
  }
}

/** The provisioned delay to use: the exact one, else the longest not above it, else the shortest. */
function retryTopicDelay(endpoint: EndpointTopology, delayMs: number): number {
  const delays = [...endpoint.retryDelays].sort((a, b) => a - b);
  if (delays.length === 0) {
    throw new Error(`Endpoint "${endpoint.name}" has no retry delays, so it has no retry topic`);
  }
  if (delays.includes(delayMs)) return delayMs;
  return [...delays].reverse().find((delay) => delay <= delayMs) ?? delays[0]!;
}
