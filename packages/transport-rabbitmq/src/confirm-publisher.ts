import { PublishError, type TransportMessage } from '@pragmatic-messaging/core';
import type { ChannelModel, ConfirmChannel, Message } from 'amqplib';
import { ConfirmDeadlines } from './confirm-deadlines.js';
import type { ConnectionSupervisor } from './connection-supervisor.js';
import { encodeMessage } from './message-codec.js';
import { writeMessage } from './publish-frame.js';

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
  /** What `current` resolved to: a publish on it need not wait for anything before writing. */
  private ready: OpenChannel | undefined;
  /** Mandatory messages the broker returned, counted until their confirm arrives (the return comes first). */
  private readonly returned = new Map<string, number>();
  /**
   * Confirms normally take milliseconds; a broker under a resource alarm withholds them indefinitely. Past the
   * timeout the publish is reported as failed — the broker may still accept it later, so a caller that retries
   * can publish a duplicate (at-least-once), never lose one.
   */
  private readonly deadlines: ConfirmDeadlines;

  constructor(
    private readonly supervisor: ConnectionSupervisor,
    private readonly timeoutMs: number,
  ) {
    this.deadlines = new ConfirmDeadlines(timeoutMs);
  }

  /**
   * Resolves when the broker confirmed every target. On an open channel of the live connection the messages are
   * written at once, without a promise of its own before the confirms (the common case); otherwise once the
   * channel is open.
   */
  publish(targets: readonly PublishTarget[]): Promise<void> {
    if (targets.length === 0) return Promise.resolve();
    const open = this.ready;
    if (open !== undefined && !open.closed && open.model === this.supervisor.connectedModel()) {
      return this.publishOn(open, targets);
    }
    return this.publishOnceOpen(targets);
  }

  private async publishOnceOpen(targets: readonly PublishTarget[]): Promise<void> {
    const first = targets[0]!;
    let open: OpenChannel;
    try {
      open = await this.channel(`publish "${first.message.type}" to ${first.destination}`);
    } catch (error) {
      throw new PublishError(errorText(error), { cause: error, retryable: true });
    }
    return this.publishOn(open, targets);
  }

  private publishOn(open: OpenChannel, targets: readonly PublishTarget[]): Promise<void> {
    // One message needs no backpressure wait: its confirm comes after the socket has flushed it anyway.
    if (targets.length === 1) return this.publishOne(open, targets[0]!).confirmed;
    return this.publishBatch(open, targets);
  }

  private async publishBatch(open: OpenChannel, targets: readonly PublishTarget[]): Promise<void> {
    const confirmations: Promise<void>[] = [];
    for (const target of targets) {
      const { confirmed, writable } = this.publishOne(open, target);
      confirmations.push(confirmed);
      // Respect the socket's backpressure instead of buffering a huge batch in memory.
      if (!writable && !open.closed) await drained(open);
    }
    const outcomes = await Promise.allSettled(confirmations);
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

  private publishOne(
    open: OpenChannel,
    target: PublishTarget,
  ): { confirmed: Promise<void>; writable: boolean } {
    let writable = true;
    const confirmed = new Promise<void>((resolve, reject) => {
      const { content, options } = encodeMessage(target.message);
      const deadline = this.deadlines.track(() => reject(this.unconfirmed(target)));
      try {
        writable = writeMessage(
          open.channel,
          target.exchange,
          target.routingKey,
          content,
          options,
          (error) => {
            this.deadlines.settle(deadline);
            const returned = this.takeReturned(target);
            if (error) {
              reject(
                new PublishError(`RabbitMQ did not confirm ${describe(target)}: ${errorText(error)}`, {
                  cause: error,
                  retryable: true,
                }),
              );
            } else if (returned) {
              reject(
                new PublishError(
                  `Message ${describe(target)} was unroutable: no queue is bound for type "${target.message.type}" (mandatory)`,
                  { retryable: true, scope: 'message' },
                ),
              );
            } else {
              resolve();
            }
          },
        );
      } catch (error) {
        this.deadlines.settle(deadline);
        // A closed channel or an oversized header table throws synchronously.
        reject(
          new PublishError(`Cannot publish ${describe(target)}: ${errorText(error)}`, {
            cause: error,
            retryable: !(error instanceof RangeError),
            scope: error instanceof RangeError ? 'message' : 'broker',
          }),
        );
      }
    });
    return { confirmed, writable };
  }

  private unconfirmed(target: PublishTarget): PublishError {
    const blocked = this.supervisor.blocked;
    return new PublishError(
      `RabbitMQ did not confirm ${describe(target)} within ${this.timeoutMs}ms${blocked ? `; publishing is blocked by the broker: ${blocked}` : ''}`,
      { retryable: true },
    );
  }

  /** Whether the broker returned this message (mandatory, unroutable) before confirming it. */
  private takeReturned(target: PublishTarget): boolean {
    // Returns are rare: when none is pending, no key needs building.
    if (this.returned.size === 0) return false;
    const key = returnKeyOf(target.exchange, target.routingKey, target.message.id);
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
      if (existing && !existing.closed && existing.model === model) {
        this.ready = existing;
        return existing;
      }
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
      if (this.ready === open) this.ready = undefined;
    });
    this.ready = open;
    return open;
  }

  async close(): Promise<void> {
    const open = this.current && (await this.current.catch(() => undefined));
    this.current = undefined;
    this.ready = undefined;
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

function describe(target: PublishTarget): string {
  return `"${target.message.type}" (id ${target.message.id}) to ${target.destination}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
