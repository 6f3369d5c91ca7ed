import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import type { ChannelModel, ConfirmChannel, Options } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PublishFrame } from '../src/publish-frame.js';
import { writeMessage } from '../src/publish-frame.js';
import { encodePublishFrames } from '../src/publish-frame-encoder.js';
import { ScratchQueue } from './support/scratch-queue.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ publish frame encoder');

// amqplib's own encoders, from the files its `sendMessage` uses (its package exports do not list them).
const require = createRequire(import.meta.url);
const amqplibFolder = path.dirname(require.resolve('amqplib'));
const defs = require(path.join(amqplibFolder, 'lib', 'defs.js')) as AmqplibDefs;
const { makeBodyFrame } = require(path.join(amqplibFolder, 'lib', 'frame.js')) as {
  makeBodyFrame(channel: number, content: Buffer): Buffer;
};
interface AmqplibDefs {
  readonly BasicPublish: number;
  readonly BasicProperties: number;
  encodeMethod(method: number, channel: number, fields: PublishFrame): Buffer;
  encodeProperties(properties: number, channel: number, size: number, fields: PublishFrame): Buffer;
}

function amqplibFrames(channel: number, frame: PublishFrame, content: Buffer): Buffer {
  const parts = [
    defs.encodeMethod(defs.BasicPublish, channel, frame),
    defs.encodeProperties(defs.BasicProperties, channel, content.length, frame),
  ];
  if (content.length > 0) parts.push(makeBodyFrame(channel, content));
  return Buffer.concat(parts);
}

// The UUIDs in frameOf are always 36 characters, so every frame of it has the same size apart from its body.
const FRAMES_WITHOUT_BODY = amqplibFrames(7, frameOf(), Buffer.from('x')).length - 1;
/** The body that makes frameOf's three frames 2 KiB: from there amqplib writes frame by frame. */
const ONE_BUFFER_BODY = 2048 - FRAMES_WITHOUT_BODY;

function frameOf(overrides: Partial<PublishFrame> = {}): PublishFrame {
  return {
    exchange: 'tickets',
    routingKey: 'ticket.opened',
    mandatory: true,
    immediate: false,
    ticket: undefined,
    contentType: 'application/json',
    contentEncoding: undefined,
    headers: { 'pm-topic': 'tickets', 'pm-timestamp': '1764000000123', 'pm-partition-key': randomUUID() },
    deliveryMode: 2,
    priority: undefined,
    correlationId: randomUUID(),
    replyTo: undefined,
    expiration: undefined,
    messageId: randomUUID(),
    timestamp: 1_764_000_000,
    type: 'ticket.opened',
    userId: undefined,
    appId: 'tickets',
    clusterId: undefined,
    ...overrides,
  };
}

describe('a small publish', () => {
  it.each<[string, Partial<PublishFrame>, Buffer]>([
    ["with the toolkit's properties and headers", {}, Buffer.from('{"ticket":1}')],
    [
      'with no property at all',
      {
        contentType: undefined,
        headers: undefined,
        deliveryMode: undefined,
        correlationId: undefined,
        messageId: undefined,
        timestamp: undefined,
        type: undefined,
        appId: undefined,
      },
      Buffer.from('x'),
    ],
    ['with an empty body', {}, Buffer.alloc(0)],
    ['with a timestamp past 32 bits', { timestamp: 1_764_000_000_123 }, Buffer.from('{}')],
    ['with a timestamp of zero', { timestamp: 0 }, Buffer.from('{}')],
    [
      'not mandatory, transient, on the default exchange',
      { mandatory: false, deliveryMode: 1, exchange: '' },
      Buffer.from('{}'),
    ],
    [
      'with text beyond ASCII and an empty header table',
      { routingKey: 'tîcket.öpened', type: 'tîcket', headers: {}, appId: 'sérvice' },
      Buffer.from('{"name":"Zoë"}'),
    ],
    [
      'with a header whose value is undefined',
      { headers: { kept: 'yes', skipped: undefined } },
      Buffer.from('{}'),
    ],
    [
      'with empty texts',
      { exchange: '', routingKey: '', contentType: '', type: '', headers: { '': '' } },
      Buffer.from('{}'),
    ],
    ['just below the size amqplib writes as one buffer', {}, Buffer.alloc(ONE_BUFFER_BODY - 1, 'a')],
  ])('%s is encoded byte for byte as amqplib encodes it', (_name, overrides, content) => {
    const frame = frameOf(overrides);
    const encoded = encodePublishFrames(7, frame, content);
    expect(encoded).toBeDefined();
    expect(encoded!.toString('hex')).toBe(amqplibFrames(7, frame, content).toString('hex'));
  });

  it.each<[string, Partial<PublishFrame>, Buffer?]>([
    ['a content encoding', { contentEncoding: 'gzip' }],
    ['a priority', { priority: 1 }],
    ['a reply-to', { replyTo: 'replies' }],
    ['an expiration', { expiration: '1000' }],
    ['a user id', { userId: 'guest' }],
    ['a header that is not a string', { headers: { count: 42 } }],
    ['a message id of 256 bytes', { messageId: 'i'.repeat(256) }],
    ['a message id that is not a string', { messageId: 42 as unknown as string }],
    ['an exchange of 256 bytes', { exchange: 'e'.repeat(256) }],
    ['a routing key of 256 bytes', { routingKey: 'k'.repeat(256) }],
    ['a header name of 256 bytes', { headers: { ['h'.repeat(256)]: 'value' } }],
    ['a fractional timestamp', { timestamp: 1.5 }],
    ['a negative timestamp', { timestamp: -1 }],
    ['2 KiB in all', {}, Buffer.alloc(ONE_BUFFER_BODY, 'a')],
  ])('with %s is left to amqplib', (_name, overrides, content = Buffer.from('{}')) => {
    expect(encodePublishFrames(7, frameOf(overrides), content)).toBeUndefined();
  });
});

describe.runIf(url)('a small publish on the broker', () => {
  let scratch: ScratchQueue;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  let queue: string;
  beforeEach(async () => {
    scratch = await ScratchQueue.open(url!, 'publish-encoder');
    ({ connection, channel, name: queue } = scratch);
  });
  afterEach(() => scratch.dispose());

  const TOOLKIT_OPTIONS: Options.Publish = {
    persistent: true,
    mandatory: true,
    contentType: 'application/json',
    correlationId: 'correlation-1',
    messageId: 'message-1',
    timestamp: 1_764_000_000,
    type: 'ticket.opened',
    appId: 'tickets',
    headers: { 'pm-topic': 'tickets', 'pm-timestamp': '1764000000123', 'pm-partition-key': 'message-1' },
  };

  it("arrives as amqplib's publish delivers it, written without amqplib's encoder, and is confirmed", async () => {
    // The connection's sendMessage is what encodes with amqplib's codec (the channel's own only forwards to it).
    const amqplibConnection = Object.getPrototypeOf(connection.connection) as { sendMessage: () => boolean };
    const sendMessage = vi.spyOn(amqplibConnection, 'sendMessage');
    const content = Buffer.from('{"ticket":1}');
    const confirmed = new Promise<unknown>((resolve) => {
      writeMessage(channel, '', queue, content, TOOLKIT_OPTIONS, resolve);
    });
    expect(await confirmed).toBeNull();
    expect(sendMessage).not.toHaveBeenCalled();
    sendMessage.mockRestore();
    await channel.waitForConfirms();
    channel.publish('', queue, content, TOOLKIT_OPTIONS);
    await channel.waitForConfirms();

    const [encoded, published] = [await scratch.take(), await scratch.take()];
    expect(encoded.content.toString()).toBe('{"ticket":1}');
    expect(encoded.properties).toEqual(published.properties);
    expect(encoded.properties).toMatchObject({
      deliveryMode: 2,
      headers: { 'pm-partition-key': 'message-1' },
    });
  });

  it('marks the connection as having sent, so no heartbeat is due', () => {
    const internals = connection.connection as unknown as { sentSinceLastCheck: boolean };
    internals.sentSinceLastCheck = false;
    writeMessage(channel, '', queue, Buffer.from('{}'), TOOLKIT_OPTIONS, () => {});
    expect(internals.sentSinceLastCheck).toBe(true);
  });

  it('still fails on a closing channel, and leaves no confirm callback behind', async () => {
    const closing = channel.close();
    expect(() => writeMessage(channel, '', queue, Buffer.from('{}'), TOOLKIT_OPTIONS, () => {})).toThrow(
      /Channel closing/,
    );
    expect((channel as unknown as { unconfirmed: unknown[] }).unconfirmed).toEqual([]);
    await closing;
  });

  it('still fails on a closed channel, and leaves no confirm callback behind', async () => {
    await channel.close();
    const onConfirm = vi.fn();
    expect(() => writeMessage(channel, '', queue, Buffer.from('{}'), TOOLKIT_OPTIONS, onConfirm)).toThrow(
      /Channel closed/,
    );
    expect((channel as unknown as { unconfirmed: unknown[] }).unconfirmed).toEqual([]);
  });
});

describe("a small publish on a channel whose internals are not amqplib's", () => {
  class OtherChannel {
    readonly sent: unknown[] = [];
    constructor(
      readonly connection?: unknown,
      readonly ch?: number,
    ) {}
    pushConfirmCallback(): void {}
  }
  Object.assign(OtherChannel.prototype, {
    sendMessage(this: OtherChannel, fields: unknown) {
      this.sent.push(fields);
      return true;
    },
  });

  it.each<[string, OtherChannel]>([
    ['no connection', new OtherChannel(undefined, 1)],
    ['a connection without channels', new OtherChannel({}, 1)],
    ['no channel number', new OtherChannel({ channels: [null, { buffer: { write: () => true } }] })],
    ['a released channel slot', new OtherChannel({ channels: [null, null] }, 1)],
    ['a channel slot without a frame queue', new OtherChannel({ channels: [null, {}] }, 1)],
  ])("goes through the channel's sendMessage with %s", (_name, other) => {
    writeMessage(other as unknown as ConfirmChannel, 'an-exchange', 'a.key', Buffer.from('{}'), {}, () => {});
    expect(other.sent).toHaveLength(1);
  });

  it.each([
    [{}, 0],
    [{ mandatory: false }, 0],
    [{ mandatory: true }, 1],
  ])(
    "writes the encoded frames to the channel's frame queue where it has one (%o)",
    (options, mandatoryBit) => {
      const written: Buffer[] = [];
      const connection = {
        channels: [null, { buffer: { write: (chunk: Buffer) => written.push(chunk) > 0 } }],
      };
      const other = new OtherChannel(connection, 1);
      const channel = other as unknown as ConfirmChannel;
      expect(writeMessage(channel, 'an-exchange', 'a.key', Buffer.from('{}'), options, () => {})).toBe(true);
      expect(other.sent).toHaveLength(0);
      expect(written).toHaveLength(1);
      // The method frame: type, channel, size, class and method, ticket, exchange, routing key, then the bits.
      const bits = 7 + 4 + 2 + 1 + 'an-exchange'.length + 1 + 'a.key'.length;
      expect([written[0]![0], written[0]![bits]]).toEqual([1, mandatoryBit]);
    },
  );
});
