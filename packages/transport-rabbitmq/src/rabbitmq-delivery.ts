import {
  attemptOf,
  type Delivery,
  deadLetterCopy,
  type EndpointTopology,
  type FailureDetails,
  LifecycleError,
  MessagingError,
  retryCopy,
  type TelemetryAttributes,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { EndpointSettlement } from './endpoint-settlement.js';
import { decodeMessage } from './message-codec.js';

/** One channel's life: deliveries made on it can only be settled on it, and only while it is open. */
export interface LiveChannel {
  readonly channel: Channel;
  readonly consumerTags: string[];
  closed: boolean;
  /** Aborted when the channel closes: what it delivered can no longer be settled (the handlers' `ctx.signal`). */
  readonly lost: AbortController;
}

/**
 * One RabbitMQ delivery and the settlement verbs mapped onto AMQP: ack → basic.ack, release → basic.nack with
 * requeue, retryLater and deadLetter → a confirmed copy to the retry queue or the dead-letter exchange, then
 * basic.ack. A class rather than an object of closures: its verbs live on the prototype, so a delivery costs one
 * object, not nine.
 */
export class RabbitMqDelivery implements Delivery {
  readonly message: TransportMessage;
  readonly attempt: number;
  /** The first settlement wins: claimed before anything is awaited, so a concurrent second one is refused too. */
  settled = false;

  constructor(
    private readonly live: LiveChannel,
    private readonly amqp: ConsumeMessage,
    private readonly endpoint: EndpointTopology,
    private readonly settlement: EndpointSettlement,
  ) {
    this.message = decodeMessage(amqp);
    this.attempt = attemptOf(this.message.headers);
  }

  get redelivered(): boolean {
    return this.amqp.fields.redelivered;
  }

  get signal(): AbortSignal {
    return this.live.lost.signal;
  }

  spanAttributes(): TelemetryAttributes {
    return {
      'rabbitmq.destination.routing_key': this.amqp.fields.routingKey,
      'rabbitmq.message.delivery_tag': this.amqp.fields.deliveryTag,
    };
  }

  async ack(): Promise<void> {
    this.claim('ack');
    this.live.channel.ack(this.amqp);
  }

  async release(): Promise<void> {
    this.claim('release');
    this.live.channel.nack(this.amqp, false, true);
  }

  retryLater(delayMs: number, failure: FailureDetails): Promise<void> {
    return this.moveThenAck('retry', () =>
      this.settlement.retry(this.endpoint, delayMs, retryCopy(this.message, this.attempt, failure)),
    );
  }

  deadLetter(failure: FailureDetails): Promise<void> {
    return this.moveThenAck('dead-letter', () =>
      this.settlement.deadLetter(this.endpoint, deadLetterCopy(this.message, failure)),
    );
  }

  /** Hands the message back to the broker unless the channel is gone (then the broker has it back already). */
  giveBack(): void {
    if (!this.live.closed) this.live.channel.nack(this.amqp, false, true);
  }

  // A second ack or nack of the same tag is a channel error, and a second move would copy the message again.
  private claim(verb: string): void {
    if (this.settled) {
      throw new LifecycleError(
        `Cannot ${verb} "${this.message.type}" (id ${this.message.id}) on endpoint "${this.endpoint.name}": the delivery was already settled`,
      );
    }
    this.assertOpen(verb);
    this.settled = true;
  }

  private assertOpen(verb: string): void {
    if (this.live.closed) {
      throw new MessagingError(
        'SETTLEMENT_FAILED',
        `Cannot ${verb} "${this.message.type}" (id ${this.message.id}) on endpoint "${this.endpoint.name}": its channel closed (connection lost); RabbitMQ will deliver it again`,
      );
    }
  }

  /** Move the message, then ack it; if moving fails, give it back so it is not stuck unacknowledged. */
  private async moveThenAck(verb: string, move: () => Promise<void>): Promise<void> {
    this.claim(verb);
    try {
      await move();
    } catch (error) {
      this.giveBack();
      throw error;
    }
    this.assertOpen(verb);
    this.live.channel.ack(this.amqp);
  }
}
