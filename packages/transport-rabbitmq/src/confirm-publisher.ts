import { PublishError, type TransportMessage } from '@pragmatic-messaging/core';
import type { ChannelModel, ConfirmChannel, Message } from 'amqplib';
import type { ConnectionSupervisor } from './connection-supervisor.js';
import { encodeMessage } from './message-codec.js';

/** One message and where to publish it. */
export interface PublishTarget {
  readonly exchange: string;
  readonly routingKey: string;
  readonly message: TransportMessage;
  /** Where it is going, for error messages: `topic "tickets"`, `retry queue "billing.retry-1000ms"`. */
  readonly destination: string;
}

interface OpenChannel {
  readonly model: ChannelModel;
  readonly channel: ConfirmChannel;
  closed: boolean;
}

/**
 * Publishes on a confirm channel: every message of a batch is written at once (pipelined) and the batch
 * resolves when the broker has confirmed them all. A nack, a `basic.return` of a mandatory message or a channel
 * that dies first rejects with a PublishError naming the message type and destination.
 */
export class ConfirmPublisher {
  private current: Promise<OpenChannel> | undefined;
  /** Mandatory messages the broker returned, counted until their confirm arrives (the return comes first). */
  private readonly returned = new Map<string, number>();

  constructor(
    private readonly supervisor: ConnectionSupervisor,
    private readonly timeoutMs: number,
  ) {}

  async publish(targets: readonly PublishTarget[]): Promise<void> {
    if (targets.length === 0) return;
    const first = targets[0]!;
    let open: OpenChannel;
    try {
      open = await this.channel(`publish "${first.message.type}" to ${first.destination}`);
    } catch (error) {
      throw new PublishError(errorText(error), { cause: error, retryable: true });
    }
    const confirmations: Promise<void>[] = [];
    for (const target of targets) {
      const { confirmed, writable } = this.publishOne(open, target);
      confirmations.push(confirmed);
      // Respect the socket's backpressure instead of buffering a huge batch in memory.
      if (!writable && !open.closed) await drained(open);
    }
    const outcomes = await this.withinTimeout(Promise.allSettled(confirmations), targets.length, first);
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as PublishError] : [],
    );
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new PublishError(
        `${failures.length} of ${targets.length} messages were not accepted; first: ${failures[0]!.message}`,
        {
          cause: failures[0],
          retryable: failures.every((failure) => failure.retryable),
          scope: failures.every((failure) => failure.scope === 'message') ? 'message' : 'broker',
        },
      );
    }
  }

  /**
   * Confirms normally take milliseconds; a broker under a resource alarm withholds them indefinitely. Past the
   * timeout the send is reported as failed — the broker may still accept it later, so a caller that retries can
   * publish a duplicate (at-least-once), never lose one.
   */
  private async withinTimeout<Result>(
    confirmed: Promise<Result>,
    count: number,
    first: PublishTarget,
  ): Promise<Result> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const blocked = this.supervisor.blocked;
        reject(
          new PublishError(
            `RabbitMQ did not confirm ${count} message(s) (first: "${first.message.type}" to ${first.destination}) within ${this.timeoutMs}ms${blocked ? `; publishing is blocked by the broker: ${blocked}` : ''}`,
            { retryable: true },
          ),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([confirmed, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private publishOne(
    open: OpenChannel,
    target: PublishTarget,
  ): { confirmed: Promise<void>; writable: boolean } {
    const { message } = target;
    const what = `"${message.type}" (id ${message.id}) to ${target.destination}`;
    let writable = true;
    const confirmed = new Promise<void>((resolve, reject) => {
      const { content, options } = encodeMessage(message);
      const returnKey = returnKeyOf(target.exchange, target.routingKey, message.id);
      try {
        writable = open.channel.publish(target.exchange, target.routingKey, content, options, (error) => {
          const returned = this.takeReturned(returnKey);
          if (error) {
            reject(
              new PublishError(`RabbitMQ did not confirm ${what}: ${errorText(error)}`, {
                cause: error,
                retryable: true,
              }),
            );
          } else if (returned) {
            reject(
              new PublishError(
                `Message ${what} was unroutable: no queue is bound for type "${message.type}" (mandatory)`,
                { retryable: true, scope: 'message' },
              ),
            );
          } else {
            resolve();
          }
        });
      } catch (error) {
        // A closed channel or an oversized header table throws synchronously.
        reject(
          new PublishError(`Cannot publish ${what}: ${errorText(error)}`, {
            cause: error,
            retryable: !(error instanceof RangeError),
            scope: error instanceof RangeError ? 'message' : 'broker',
          }),
        );
      }
    });
    return { confirmed, writable };
  }

  private takeReturned(key: string): boolean {
    const count = this.returned.get(key);
    if (!count) return false;
    if (count === 1) this.returned.delete(key);
    else this.returned.set(key, count - 1);
    return true;
  }

  private async channel(purpose: string): Promise<OpenChannel> {
    const model = await this.supervisor.whenConnected(this.timeoutMs, purpose);
    for (let current = this.current; current; current = this.current) {
      const existing = await current.catch(() => undefined);
      // Another send replaced the channel meanwhile: look at the new one instead of opening a third.
      if (this.current !== current) continue;
      if (existing && !existing.closed && existing.model === model) return existing;
      break;
    }
    const opening = this.open(model);
    this.current = opening;
    opening.catch(() => {
      if (this.current === opening) this.current = undefined;
    });
    return opening;
  }

  private async open(model: ChannelModel): Promise<OpenChannel> {
    const channel = await model.createConfirmChannel();
    const open: OpenChannel = { model, channel, closed: false };
    channel.on('return', (returned: Message) => {
      const key = returnKeyOf(
        returned.fields.exchange,
        returned.fields.routingKey,
        String(returned.properties.messageId),
      );
      this.returned.set(key, (this.returned.get(key) ?? 0) + 1);
    });
    // Errors reach the pending confirms as rejections; the listener keeps them from crashing the process.
    channel.on('error', () => {});
    channel.on('close', () => {
      open.closed = true;
    });
    return open;
  }

  async close(): Promise<void> {
    const open = this.current && (await this.current.catch(() => undefined));
    this.current = undefined;
    if (open && !open.closed) await open.channel.close().catch(() => {});
  }
}

function returnKeyOf(exchange: string, routingKey: string, messageId: string): string {
  return `${exchange}\u0000${routingKey}\u0000${messageId}`;
}

function drained(open: OpenChannel): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      open.channel.off('drain', done);
      open.channel.off('close', done);
      resolve();
    };
    open.channel.on('drain', done);
    open.channel.on('close', done);
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
