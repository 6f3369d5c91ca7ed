import {
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterQueue,
  Headers,
  type Logger,
  matchesDeadLetterFilter,
  readDeadLetter,
  replayCopy,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import { fromServiceBusMessage } from './message-codec.js';
import type { MessageProducer } from './message-producer.js';
import { subscriptionAddress } from './resource-names.js';
import type {
  ReceivedServiceBusMessage,
  ServiceBusClientSurface,
  ServiceBusReceiverSurface,
} from './service-bus-surface.js';

const PAGE_SIZE = 100;
// How long a sweep of the dead-letter sub-queue waits for more messages before it considers the queue read.
const SWEEP_WAIT_MS = 1_000;

/** Where an endpoint's dead letters live: the `$DeadLetterQueue` sub-queue of each of its subscriptions. */
export interface DeadLetterLocation {
  readonly topic: string;
  readonly topicEntity: string;
  readonly subscriptionEntity: string;
}

/**
 * An endpoint's dead letters, read from Service Bus's own dead-letter sub-queues: list peeks (nothing is
 * locked), replay and purge receive with peek-lock, settle what matches and abandon the rest back in place.
 */
export class ServiceBusDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly endpoint: string,
    private readonly locate: () => Promise<DeadLetterLocation[]>,
    private readonly client: ServiceBusClientSurface,
    private readonly producer: MessageProducer,
    private readonly logger: Logger,
  ) {}

  async list(options: { limit?: number } = {}): Promise<DeadLetter[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const all: DeadLetter[] = [];
    for (const location of await this.locate()) {
      const receiver = this.deadLetterReceiver(location);
      try {
        while (all.length < limit) {
          // The receiver remembers where its last peek ended, so each call returns the next page.
          const page = await receiver.peekMessages(PAGE_SIZE);
          if (page.length === 0) break;
          for (const message of page) all.push(readDeadLetter(this.toMessage(message, location)));
        }
      } finally {
        await receiver.close();
      }
    }
    all.sort((a, b) => a.failure.at.getTime() - b.failure.at.getTime());
    return all.slice(0, options.limit);
  }

  async replay(filter?: DeadLetterFilter): Promise<number> {
    return this.sweep(filter, async (message, location) => {
      const to = subscriptionAddress(location.topicEntity, location.subscriptionEntity);
      await this.producer.sendTo(location.topic, [replayCopy(message)], to);
    });
  }

  async purge(filter?: DeadLetterFilter): Promise<number> {
    return this.sweep(filter, async () => {});
  }

  /** Receive every dead letter once; `act` on the matching ones, then complete them; put the others back. */
  private async sweep(
    filter: DeadLetterFilter | undefined,
    act: (message: TransportMessage, location: DeadLetterLocation) => Promise<void>,
  ): Promise<number> {
    let count = 0;
    for (const location of await this.locate()) {
      const receiver = this.deadLetterReceiver(location);
      const skipped: ReceivedServiceBusMessage[] = [];
      try {
        for (;;) {
          const batch = await receiver.receiveMessages(PAGE_SIZE, { maxWaitTimeInMs: SWEEP_WAIT_MS });
          if (batch.length === 0) break;
          for (const received of batch) {
            const message = this.toMessage(received, location);
            if (!matchesDeadLetterFilter(readDeadLetter(message), filter)) {
              skipped.push(received);
              continue;
            }
            await act(message, location);
            await receiver.completeMessage(received);
            count++;
          }
        }
      } finally {
        await this.putBack(receiver, skipped);
        await receiver.close();
      }
    }
    this.logger.info({ endpoint: this.endpoint, count }, 'Settled dead letters');
    return count;
  }

  private async putBack(
    receiver: ServiceBusReceiverSurface,
    skipped: ReceivedServiceBusMessage[],
  ): Promise<void> {
    for (const received of skipped) await receiver.abandonMessage(received);
  }

  private deadLetterReceiver(location: DeadLetterLocation): ServiceBusReceiverSurface {
    return this.client.createReceiver(location.topicEntity, location.subscriptionEntity, {
      subQueueType: 'deadLetter',
      receiveMode: 'peekLock',
      skipParsingBodyAsJson: true,
    });
  }

  /** Dead letters Service Bus made itself (max delivery count, expiry) carry only its reason: use it. */
  private toMessage(received: ReceivedServiceBusMessage, location: DeadLetterLocation): TransportMessage {
    const message = fromServiceBusMessage(received, location.topic);
    if (message.headers[Headers.failureReason] !== undefined) return message;
    return {
      ...message,
      headers: {
        ...message.headers,
        [Headers.failureReason]: received.deadLetterReason ?? 'unknown',
        [Headers.failureMessage]: received.deadLetterErrorDescription ?? '',
        [Headers.failureEndpoint]: this.endpoint,
        [Headers.failureAttempts]: String(received.deliveryCount ?? 0),
      },
    };
  }
}
