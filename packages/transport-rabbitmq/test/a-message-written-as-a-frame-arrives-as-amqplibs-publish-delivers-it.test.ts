import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import type { ConfirmChannel, Options } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeMessage } from '../src/publish-frame.js';
import { ScratchQueue } from './support/scratch-queue.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ publish frames');

/** Every option writeMessage translates, with values a broker keeps and delivers back. */
const EVERY_OPTION: Options.Publish = {
  persistent: true,
  mandatory: true,
  contentType: 'application/json',
  contentEncoding: 'identity',
  headers: { 'pm-topic': 'billing', 'an-application-header': 'a value', 'a-number': 42 },
  priority: 3,
  correlationId: 'correlation-1',
  replyTo: 'replies',
  expiration: 60_000,
  messageId: 'message-1',
  timestamp: 1_764_000_000,
  type: 'invoice.sent',
  userId: 'guest',
  appId: 'billing',
};

/**
 * The toolkit writes its publishes through amqplib's channel internals instead of `channel.publish` (a V8 cost of
 * the latter, see publish-frame.ts). What the broker delivers must be what `channel.publish` would have sent,
 * property for property, and the confirm must still reach the callback.
 */
describe.runIf(url)('a message written as a frame', () => {
  let scratch: ScratchQueue;
  let channel: ConfirmChannel;
  let queue: string;
  beforeEach(async () => {
    scratch = await ScratchQueue.open(url!, 'publish-frame');
    ({ channel, name: queue } = scratch);
  });
  afterEach(() => scratch.dispose());

  it("arrives with the properties amqplib's publish delivers, and is confirmed", async () => {
    const content = Buffer.from('{"amount":1}');
    const confirms: unknown[] = [];
    const confirmed = new Promise<void>((resolve) => {
      const onConfirm = (error: unknown) => {
        confirms.push(error);
        if (confirms.length === 2) resolve();
      };
      expect(writeMessage(channel, '', queue, content, EVERY_OPTION, onConfirm)).toBe(true);
      channel.publish('', queue, content, EVERY_OPTION, onConfirm);
    });
    await confirmed;
    // amqplib calls back with null on an ack.
    expect(confirms).toEqual([null, null]);

    const [framed, published] = [await scratch.take(), await scratch.take()];
    expect(framed.content.toString()).toBe('{"amount":1}');
    expect(framed.properties).toEqual(published.properties);
    expect(framed.properties).toMatchObject({
      deliveryMode: 2,
      expiration: '60000',
      priority: 3,
      userId: 'guest',
      headers: { 'a-number': 42 },
    });
  });

  it('writes no header table when the options have none', async () => {
    await new Promise<void>((resolve, reject) => {
      writeMessage(channel, '', queue, Buffer.from('{}'), { messageId: 'bare' }, (error) =>
        error ? reject(error) : resolve(),
      );
    });
    const delivered = await scratch.take();
    expect(delivered.properties.messageId).toBe('bare');
    expect(delivered.properties.deliveryMode).toBeUndefined();
  });

  it.each<[string, Options.Publish]>([
    ['CC', { CC: 'another-queue' }],
    ['BCC', { BCC: ['another-queue'] }],
    ['deliveryMode', { deliveryMode: 2 }],
  ])("leaves options it does not translate (%s) to amqplib's publish", (_name, options) => {
    const publish = vi.spyOn(channel, 'publish');
    const onConfirm = () => {};
    writeMessage(channel, '', queue, Buffer.from('{}'), options, onConfirm);
    expect(publish).toHaveBeenCalledWith('', queue, Buffer.from('{}'), options, onConfirm);
  });

  it("does not go through amqplib's publish when it can write the frame itself", async () => {
    const publish = vi.spyOn(channel, 'publish');
    await new Promise<void>((resolve, reject) => {
      writeMessage(channel, '', queue, Buffer.from('{}'), EVERY_OPTION, (error) =>
        error ? reject(error) : resolve(),
      );
    });
    expect(publish).not.toHaveBeenCalled();
  });

  it.each([
    ['neither of the internals', {}],
    ['no confirm queue', { sendMessage: vi.fn() }],
    ['no frame writer', { pushConfirmCallback: vi.fn() }],
  ])('falls back to publish on a channel with %s', (_name, internals) => {
    const publish = vi.fn(() => false);
    const other = { publish, ...internals } as unknown as ConfirmChannel;
    const onConfirm = () => {};
    expect(writeMessage(other, 'an-exchange', 'a.key', Buffer.from('{}'), EVERY_OPTION, onConfirm)).toBe(
      false,
    );
    expect(publish).toHaveBeenCalledWith('an-exchange', 'a.key', Buffer.from('{}'), EVERY_OPTION, onConfirm);
    for (const internal of Object.values(internals)) expect(internal).not.toHaveBeenCalled();
  });
});
