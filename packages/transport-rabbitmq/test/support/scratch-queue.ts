import { randomUUID } from 'node:crypto';
import { type ChannelModel, type ConfirmChannel, connect, type GetMessage } from 'amqplib';

/** A raw amqplib connection, a confirm channel and a queue of one test's own, for tests below the transport. */
export class ScratchQueue {
  private constructor(
    readonly connection: ChannelModel,
    readonly channel: ConfirmChannel,
    readonly name: string,
  ) {}

  static async open(url: string, prefix: string): Promise<ScratchQueue> {
    const connection = await connect(url);
    const channel = await connection.createConfirmChannel();
    const name = `${prefix}-${randomUUID()}`;
    await channel.assertQueue(name, { durable: false, autoDelete: true });
    return new ScratchQueue(connection, channel, name);
  }

  /** The next message in the queue, waiting until there is one. */
  async take(): Promise<GetMessage> {
    for (;;) {
      const message = await this.channel.get(this.name, { noAck: true });
      if (message) return message;
    }
  }

  /** Deletes the queue on a channel of its own (the test may have closed the confirm channel), then disconnects. */
  async dispose(): Promise<void> {
    try {
      const channel = await this.connection.createChannel();
      await channel.deleteQueue(this.name);
    } finally {
      await this.connection.close().catch(() => {});
    }
  }
}
