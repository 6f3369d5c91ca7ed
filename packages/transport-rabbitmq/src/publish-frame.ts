import type { ConfirmChannel, Options } from 'amqplib';
import { encodePublishFrames } from './publish-frame-encoder.js';

/** Called once with the broker's confirm (no argument) or nack (an error) of one message. */
export type ConfirmCallback = (error: unknown) => void;

/**
 * The method fields and content properties of one `basic.publish`, in the shape amqplib's codec encodes: what
 * `channel.publish` builds from its options before it writes. Every key is always present so all frames share
 * one object shape.
 */
export interface PublishFrame {
  readonly exchange: string;
  readonly routingKey: string;
  readonly mandatory: boolean;
  readonly immediate: false;
  readonly ticket: undefined;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
  readonly headers: Options.Publish['headers'];
  readonly deliveryMode: 1 | 2 | undefined;
  readonly priority: number | undefined;
  readonly correlationId: string | undefined;
  readonly replyTo: string | undefined;
  readonly expiration: string | undefined;
  readonly messageId: string | undefined;
  readonly timestamp: number | undefined;
  readonly type: string | undefined;
  readonly userId: string | undefined;
  readonly appId: string | undefined;
  readonly clusterId: undefined;
}

/** The two methods of amqplib's channel that `ConfirmChannel.publish` itself calls. */
interface FrameChannel {
  sendMessage(fields: PublishFrame, properties: PublishFrame, content: Buffer): boolean;
  pushConfirmCallback(callback: ConfirmCallback): void;
}

/**
 * Writes one message on a confirm channel, as `channel.publish(exchange, routingKey, content, options, confirmed)`
 * does, and returns whether the socket can take more. amqplib's `publish` copies the headers by making them the
 * prototype of a fresh object (to add `CC`/`BCC`), and its codec then walks that prototype chain: in V8 turning
 * each message's headers into a prototype and enumerating through it cost 5–7 µs per message (performance.md,
 * round nine). So the frame is built here as a plain object and handed to the same two calls `publish` makes.
 * Options this does not translate (`CC`, `BCC`, `deliveryMode`; the toolkit sets none), or a later amqplib
 * without those two methods, go through `publish` as before.
 */
export function writeMessage(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Options.Publish,
  confirmed: ConfirmCallback,
): boolean {
  const frames = channel as unknown as Partial<FrameChannel>;
  if (
    typeof frames.sendMessage !== 'function' ||
    typeof frames.pushConfirmCallback !== 'function' ||
    options.CC !== undefined ||
    options.BCC !== undefined ||
    options.deliveryMode !== undefined
  ) {
    return channel.publish(exchange, routingKey, content, options, confirmed);
  }
  const frame = publishFrame(exchange, routingKey, options);
  // The order of ConfirmChannel.publish: a write that throws (closed channel) leaves no callback behind.
  const writable = sendFrames(frames as FrameChannel & ChannelInternals, frame, content);
  frames.pushConfirmCallback(confirmed);
  return writable;
}

/** What amqplib's `Connection.sendMessage` uses of the channel and its connection. */
interface ChannelInternals {
  readonly ch?: number;
  readonly connection?: {
    readonly channels?: readonly ({ readonly buffer?: { write(chunk: Buffer): boolean } } | null)[];
    sentSinceLastCheck?: boolean;
  };
}

/**
 * Writes the frames as `Connection.sendMessage` does (into the channel's queue of outgoing frames, marking the
 * connection as having sent for the heartbeat), encoded in one buffer where `encodePublishFrames` can. A closing
 * or closed channel replaces its own `sendMessage` with one that throws; that one is called, so it still throws.
 */
function sendFrames(channel: FrameChannel & ChannelInternals, frame: PublishFrame, content: Buffer): boolean {
  if (!Object.hasOwn(channel, 'sendMessage')) {
    const connection = channel.connection;
    const queue = connection?.channels?.[channel.ch ?? -1]?.buffer;
    const encoded = queue && encodePublishFrames(channel.ch!, frame, content);
    if (encoded) {
      connection!.sentSinceLastCheck = true;
      return queue!.write(encoded);
    }
  }
  return channel.sendMessage(frame, frame, content);
}

/** What amqplib's `publish` makes of options without `CC`, `BCC` and `deliveryMode`. */
function publishFrame(exchange: string, routingKey: string, options: Options.Publish): PublishFrame {
  return {
    exchange,
    routingKey,
    mandatory: options.mandatory === true,
    immediate: false,
    ticket: undefined,
    contentType: options.contentType,
    contentEncoding: options.contentEncoding,
    headers: options.headers,
    deliveryMode: options.persistent === undefined ? undefined : options.persistent ? 2 : 1,
    priority: options.priority,
    correlationId: options.correlationId,
    replyTo: options.replyTo,
    expiration: options.expiration === undefined ? undefined : String(options.expiration),
    messageId: options.messageId,
    timestamp: options.timestamp,
    type: options.type,
    userId: options.userId,
    appId: options.appId,
    clusterId: undefined,
  };
}
