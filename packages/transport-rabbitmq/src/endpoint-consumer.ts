import {
  type DeliveryHandler,
  type EndpointTopology,
  type Logger,
  MessagingError,
} from '@pragmatic-messaging/core';
import type { ConsumeMessage } from 'amqplib';
import type { ConnectionSupervisor } from './connection-supervisor.js';
import { DeliveryScheduler } from './delivery-scheduler.js';
import type { EndpointSettlement } from './endpoint-settlement.js';
import { type LiveChannel, RabbitMqDelivery } from './rabbitmq-delivery.js';
import { reconnectDelay } from './reconnect-backoff.js';

export interface EndpointConsumerSettings {
  readonly supervisor: ConnectionSupervisor;
  readonly endpoint: EndpointTopology;
  /** The queues to read: the endpoint queue, or one per partition. */
  readonly queues: readonly string[];
  readonly prefetch: number;
  readonly handler: DeliveryHandler;
  readonly settlement: EndpointSettlement;
  readonly logger: Logger;
}

interface PendingDelivery {
  readonly live: LiveChannel;
  readonly amqp: ConsumeMessage;
}

/**
 * Consumes one endpoint: a channel with a manual-ack consumer per queue, `prefetch` per consumer, and a
 * scheduler that honours `concurrency` (and one-at-a-time per partition on ordered endpoints). When the channel
 * or connection drops, it attaches again once the connection is back; what was unacknowledged is redelivered by
 * the broker.
 */
export class EndpointConsumer {
  private live: LiveChannel | undefined;
  private started = false;
  private resuming = false;
  private stopping = false;
  private readonly scheduler: DeliveryScheduler<PendingDelivery>;

  constructor(private readonly settings: EndpointConsumerSettings) {
    const { endpoint } = settings;
    const ordered = endpoint.partitions !== undefined;
    this.scheduler = new DeliveryScheduler(
      Math.max(1, endpoint.concurrency),
      ordered ? 1 : Math.max(1, endpoint.concurrency),
      (pending) => this.handle(pending),
    );
  }

  /** Resolves once every queue has a consumer attached on the broker (basic.consume-ok). */
  async start(): Promise<void> {
    await this.attach();
    this.started = true;
  }

  /**
   * Stop handing out deliveries, let in-flight handlers finish and settle, then close the channel.
   *
   * Unordered endpoints cancel their consumers first and give buffered messages back at once, so other instances
   * get them while in-flight handlers finish. Ordered endpoints must not: cancelling would let single-active-
   * consumer activate the next instance while this one still handles (or holds) earlier messages of the same
   * keys. They keep the consumers until the channel closes, which returns what they hold in queue order.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.scheduler.pause();
    const live = this.live;
    if (!this.ordered && live && !live.closed) {
      for (const tag of live.consumerTags) await live.channel.cancel(tag).catch(() => {});
      for (const pending of this.scheduler.drop()) this.giveBack(pending);
    }
    await this.scheduler.idle();
    if (live && !live.closed) await live.channel.close().catch(() => {});
    this.scheduler.drop();
  }

  private get ordered(): boolean {
    return this.settings.endpoint.partitions !== undefined;
  }

  private get name(): string {
    return this.settings.endpoint.name;
  }

  private async attach(): Promise<void> {
    const { supervisor, queues, prefetch } = this.settings;
    const model = await supervisor.whenConnected(Number.POSITIVE_INFINITY, `consume endpoint "${this.name}"`);
    const channel = await model.createChannel();
    const live: LiveChannel = { channel, consumerTags: [], closed: false, lost: new AbortController() };
    channel.on('error', (error: Error) => {
      this.settings.logger.warn({ endpoint: this.name, err: error }, 'RabbitMQ consumer channel error');
    });
    channel.on('close', () => this.onChannelClosed(live));
    this.live = live;
    try {
      await channel.prefetch(prefetch);
      for (const queue of queues) {
        const { consumerTag } = await channel.consume(queue, (amqp) => this.onMessage(live, queue, amqp), {
          noAck: false,
        });
        live.consumerTags.push(consumerTag);
      }
      // stop() came while attaching: leave at once, nothing was handed out yet.
      if (this.stopping) await channel.close().catch(() => {});
    } catch (error) {
      if (!live.closed) await channel.close().catch(() => {});
      throw new MessagingError(
        'CONSUME_FAILED',
        `Cannot consume endpoint "${this.name}" (queues ${queues.join(', ')}): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  private onMessage(live: LiveChannel, queue: string, amqp: ConsumeMessage | null): void {
    if (amqp === null) {
      // The broker cancelled the consumer (queue deleted): start over on a fresh channel.
      this.settings.logger.warn(
        { endpoint: this.name, queue },
        'RabbitMQ cancelled the consumer; re-attaching',
      );
      if (!live.closed) void live.channel.close().catch(() => {});
      return;
    }
    const pending: PendingDelivery = { live, amqp };
    // While stopping, unordered endpoints return late arrivals; ordered ones hold them until the channel closes.
    if (this.stopping && !this.ordered) this.giveBack(pending);
    else this.scheduler.push(queue, pending);
  }

  private onChannelClosed(live: LiveChannel): void {
    live.closed = true;
    live.lost.abort(
      new MessagingError(
        'DELIVERY_LOST',
        `The RabbitMQ channel of endpoint "${this.name}" closed; its unacknowledged messages will be delivered again`,
      ),
    );
    // The broker takes back what this channel held; buffered copies must not be handled any more.
    this.scheduler.drop((pending) => pending.live === live);
    // A failed first attach is reported by start(); a failed re-attach is retried by the running resume loop.
    if (this.live === live && this.started && !this.resuming && !this.stopping) void this.resume();
  }

  private async resume(): Promise<void> {
    const { supervisor, logger } = this.settings;
    this.resuming = true;
    try {
      for (let attempt = 1; !this.stopping && !supervisor.isClosed(); attempt++) {
        try {
          await this.attach();
          logger.info({ endpoint: this.name }, 'RabbitMQ consumer re-attached');
          return;
        } catch (error) {
          if (this.stopping || supervisor.isClosed() || supervisor.health().status === 'failed') return;
          logger.warn(
            { endpoint: this.name, attempt, err: error },
            'Re-attaching the RabbitMQ consumer failed',
          );
          await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt, 100, 5_000)));
        }
      }
    } finally {
      this.resuming = false;
    }
  }

  private giveBack({ live, amqp }: PendingDelivery): void {
    if (!live.closed) live.channel.nack(amqp, false, true);
  }

  private async handle({ live, amqp }: PendingDelivery): Promise<void> {
    const delivery = new RabbitMqDelivery(live, amqp, this.settings.endpoint, this.settings.settlement);
    try {
      await this.settings.handler(delivery);
    } catch (error) {
      // Core settles every delivery itself; reaching here is a bug upstream, so hand the message back loudly.
      this.settings.logger.error(
        { endpoint: this.name, messageId: delivery.message.id, err: error },
        'Delivery handler threw; returning the message to the broker',
      );
      // A delivery tag settled already is unknown to the channel: settling it again would close the channel.
      if (!delivery.settled) delivery.giveBack();
    }
  }
}
