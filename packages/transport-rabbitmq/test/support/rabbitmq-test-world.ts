import { randomUUID } from 'node:crypto';
import {
  createMessaging,
  defineMessage,
  type Logger,
  type MessageContract,
  type Messaging,
  type MessagingOptions,
} from '@pragmatic-messaging/core';
import { type SampleMessage, sampleSchema } from '@pragmatic-messaging/core/conformance';
import { ConditionWaiter } from '@pragmatic-messaging/core/testing';
import {
  createRabbitMqTransport,
  type RabbitMqTransport,
  type RabbitMqTransportOptions,
} from '@pragmatic-messaging/transport-rabbitmq';
import { connect } from 'amqplib';
import { deleteResourcesWithPrefix, ManagementApi } from './management-api.js';

export const VHOST = '/';

/**
 * One test's world on the shared broker: a unique naming prefix (so tests never see each other's resources and
 * clean-up deletes exactly theirs), the transports and buses it created, and a waiter for awaited conditions.
 */
export class RabbitMqTestWorld {
  readonly id = randomUUID().slice(0, 8);
  readonly prefix = `it-${this.id}.`;
  readonly waiter = new ConditionWaiter();
  readonly management: ManagementApi;
  /** Every entry the transports logged, so tests can await what the transport reports. */
  readonly logs: { level: keyof Logger; message: string; fields: Record<string, unknown> }[] = [];
  readonly logger: Logger = {
    debug: (fields, message) => this.log('debug', fields, message),
    info: (fields, message) => this.log('info', fields, message),
    warn: (fields, message) => this.log('warn', fields, message),
    error: (fields, message) => this.log('error', fields, message),
  };
  private readonly transports: RabbitMqTransport[] = [];
  private readonly buses: Messaging[] = [];

  constructor(
    readonly url: string,
    managementUrl: string,
  ) {
    this.management = new ManagementApi(managementUrl);
  }

  transport(options: Partial<RabbitMqTransportOptions> = {}): RabbitMqTransport {
    const transport = createRabbitMqTransport({
      url: this.url,
      prefix: this.prefix,
      connectionName: `test-${this.id}`,
      reconnect: { initialDelayMs: 50, maxDelayMs: 1_000 },
      logger: this.logger,
      ...options,
    });
    this.transports.push(transport);
    return transport;
  }

  contract(suffix: string, topic = 'main'): MessageContract<SampleMessage, SampleMessage> {
    return defineMessage({
      type: `test.${this.id}.${suffix}`,
      topic,
      schema: sampleSchema,
      key: (message) => message.key,
    });
  }

  sample(seq: number, key = 'k'): SampleMessage {
    return { id: randomUUID(), key, seq, text: `message ${seq}` };
  }

  async bus(
    service: string,
    configure: (bus: Messaging) => void,
    options: Partial<MessagingOptions> = {},
  ): Promise<Messaging> {
    const bus = createMessaging({
      service,
      transport: this.transport(),
      retry: { immediate: 0, delays: [] },
      ...options,
    });
    configure(bus);
    this.buses.push(bus);
    await bus.start();
    return bus;
  }

  private log(level: keyof Logger, fields: Record<string, unknown>, message: string): void {
    this.logs.push({ level, message, fields });
    this.waiter.changed();
  }

  until(condition: () => boolean, description: string, timeoutMs = 20_000): Promise<void> {
    return this.waiter.until(condition, description, timeoutMs);
  }

  /** Ready messages in a queue, read straight from the broker (the management API's counts lag). */
  async messageCount(queue: string): Promise<number> {
    const connection = await connect(this.url);
    try {
      const channel = await connection.createChannel();
      // A missing queue closes the channel; the rejected checkQueue already reports it.
      channel.on('error', () => {});
      return (await channel.checkQueue(queue)).messageCount;
    } finally {
      await connection.close();
    }
  }

  async dispose(): Promise<void> {
    await Promise.allSettled(this.buses.map((bus) => bus.stop()));
    await Promise.allSettled(this.transports.map((transport) => transport.close()));
    await deleteResourcesWithPrefix(this.management, VHOST, this.prefix);
  }
}
