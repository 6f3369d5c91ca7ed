import {
  ConfigurationError,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterQueue,
  Headers,
  matchesDeadLetterFilter,
  readDeadLetter,
  replayCopy,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import type { Channel, ChannelModel, GetMessage } from 'amqplib';
import type { ConfirmPublisher } from './confirm-publisher.js';
import { brokerDeathReason, decodeMessage } from './message-codec.js';
import type { EndpointEntry } from './topology-plan.js';
import { amqpCode, withChannel } from './with-channel.js';

const NOT_FOUND = 404;

export interface DeadLetterQueueSettings {
  readonly endpoint: string;
  readonly queue: string;
  readonly connection: () => Promise<ChannelModel>;
  readonly publisher: ConfirmPublisher;
  /** Where replayed messages go: back to this endpoint only. */
  readonly entry: () => Promise<EndpointEntry>;
}

interface Taken {
  readonly amqp: GetMessage;
  readonly deadLetter: DeadLetter;
}

/**
 * The endpoint's dead letters, read from its dead-letter queue with basic.get and manual acks: list returns every
 * message to the queue untouched; replay and purge ack only the matching ones (after a confirmed re-publish for
 * replay), and the others go back to the queue when the channel closes.
 */
export class RabbitMqDeadLetterQueue implements DeadLetterQueue {
  constructor(private readonly settings: DeadLetterQueueSettings) {}

  async list(options: { limit?: number } = {}): Promise<DeadLetter[]> {
    return this.withMessages(options.limit, async (_channel, taken) =>
      taken.map((entry) => entry.deadLetter),
    );
  }

  async replay(filter?: DeadLetterFilter): Promise<number> {
    const entry = await this.settings.entry();
    return this.withMessages(undefined, async (channel, taken) => {
      const matching = taken.filter((candidate) => matchesDeadLetterFilter(candidate.deadLetter, filter));
      await this.settings.publisher.publish(
        matching.map(({ deadLetter }) => ({
          exchange: entry.exchange,
          routingKey: entry.routingKey,
          message: { ...replayCopy(deadLetter.message), mandatory: true },
          destination: `endpoint "${this.settings.endpoint}" (replay)`,
        })),
      );
      for (const { amqp } of matching) channel.ack(amqp);
      return matching.length;
    });
  }

  async purge(filter?: DeadLetterFilter): Promise<number> {
    return this.withMessages(undefined, async (channel, taken) => {
      const matching = taken.filter((candidate) => matchesDeadLetterFilter(candidate.deadLetter, filter));
      for (const { amqp } of matching) channel.ack(amqp);
      return matching.length;
    });
  }

  /**
   * Takes (without acking) the messages in the queue now — at most `limit` — and runs `work` on them. Closing the
   * channel afterwards returns every message that `work` did not ack to the queue, in its place.
   */
  private async withMessages<Result>(
    limit: number | undefined,
    work: (channel: Channel, taken: Taken[]) => Promise<Result>,
  ): Promise<Result> {
    const { queue, endpoint } = this.settings;
    const model = await this.settings.connection();
    return withChannel(model, async (channel) => {
      let count: number;
      try {
        count = (await channel.checkQueue(queue)).messageCount;
      } catch (error) {
        if (amqpCode(error) === NOT_FOUND) {
          throw new ConfigurationError(
            `Endpoint "${endpoint}" has no dead-letter queue "${queue}" on RabbitMQ (not provisioned yet, or a temporary endpoint)`,
          );
        }
        throw error;
      }
      const taken: Taken[] = [];
      const wanted = Math.min(count, limit ?? count);
      while (taken.length < wanted) {
        const amqp = await channel.get(queue, { noAck: false });
        if (amqp === false) break;
        taken.push({
          amqp,
          deadLetter: readDeadLetter(withBrokerReason(decodeMessage(amqp), amqp, endpoint)),
        });
      }
      return work(channel, taken);
    });
  }
}

/** Messages RabbitMQ dead-lettered by itself (rejected, expired, over length) carry no failure headers. */
function withBrokerReason(message: TransportMessage, amqp: GetMessage, endpoint: string): TransportMessage {
  const reason = brokerDeathReason(amqp);
  if (message.headers[Headers.failureReason] !== undefined || reason === undefined) return message;
  return {
    ...message,
    headers: {
      ...message.headers,
      [Headers.failureReason]: `broker-${reason}`,
      [Headers.failureMessage]: `RabbitMQ dead-lettered the message (${reason})`,
      [Headers.failureEndpoint]: endpoint,
    },
  };
}
