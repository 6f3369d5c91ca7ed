import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { connect } from 'amqplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  amqpOfSdkEvent,
  cloudEventsWorld,
  expectConsumedFromSdk,
  expectDecodedBySdk,
  sdkEventOfAmqp,
} from '../../../scripts/test-support/cloudevents-sdk.js';
import { RabbitMqTestWorld } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ CloudEvents');
const managementUrl = brokerFromEnvironment('RABBITMQ_MANAGEMENT_URL', 'RabbitMQ CloudEvents');

describe.runIf(url && managementUrl)(
  'CloudEvents on RabbitMQ (the AMQP binding), checked with the official SDK',
  () => {
    let world: RabbitMqTestWorld;
    beforeEach(() => {
      world = new RabbitMqTestWorld(url!, managementUrl!);
    });
    afterEach(() => world.dispose());

    it('binary (cloudEvents_ headers) by bus and structured by contract: the SDK decodes both with id, type, source, time and data', async () => {
      const events = cloudEventsWorld();
      const bus = events.bus(world.transport());
      await bus.start();
      // A queue of our own on the topic exchange sees the messages as they are on the broker.
      const connection = await connect(url!);
      try {
        const channel = await connection.createChannel();
        const { queue } = await channel.assertQueue('', { exclusive: true });
        await channel.bindQueue(queue, `${world.prefix}${events.topic}`, '#');
        await bus.publish(events.contracts.binary, { ticketId: 't-1', title: 'binary' });
        await bus.publish(events.contracts.structured, { ticketId: 't-1', title: 'structured' });
        await events.until(2, 'both events handled by the bus itself');
        const binary = (await channel.get(queue, { noAck: true })) || undefined;
        const structured = (await channel.get(queue, { noAck: true })) || undefined;

        expect(binary!.properties.headers).toMatchObject({ cloudEvents_specversion: '1.0' });
        expect(binary!.properties.contentType).toBe('application/json');
        expect(structured!.properties.contentType).toBe('application/cloudevents+json; charset=utf-8');
        const [first, second] = events.received;
        for (const [raw, entry, title] of [
          [binary!, first!, 'binary'],
          [structured!, second!, 'structured'],
        ] as const) {
          const event = sdkEventOfAmqp(raw.properties.headers ?? {}, raw.properties.contentType, raw.content);
          expectDecodedBySdk(event, {
            id: entry.context.messageId,
            type: entry.context.type,
            source: events.service,
            time: entry.context.envelope.timestamp,
            data: { ticketId: 't-1', title },
            key: 't-1',
          });
        }
        expect(first!.context.headers['pm-wire-format']).toBe('cloudevents-binary');
        expect(second!.context.headers['pm-wire-format']).toBe('cloudevents-structured');
      } finally {
        await connection.close();
      }
    });

    it('events the SDK encodes, binary and structured, are consumed with their id, type, source, time and key', async () => {
      const events = cloudEventsWorld();
      const bus = events.bus(world.transport(), 'native');
      await bus.start();
      const binary = events.sdkEvent('binary', 't-7');
      const structured = events.sdkEvent('structured', 't-8');
      const connection = await connect(url!);
      try {
        const channel = await connection.createConfirmChannel();
        for (const [event, mode] of [
          [binary, 'binary'],
          [structured, 'structured'],
        ] as const) {
          const amqp = amqpOfSdkEvent(event, mode);
          // The exchange routes by type, as the toolkit's publisher does.
          channel.publish(`${world.prefix}${events.topic}`, event.type, amqp.body, {
            contentType: amqp.contentType,
            headers: amqp.properties,
            persistent: true,
          });
        }
        await channel.waitForConfirms();
      } finally {
        await connection.close();
      }
      await events.until(2, 'both SDK events handled');
      const byType = (type: string) => events.received.find((entry) => entry.context.type === type)!;
      expectConsumedFromSdk(byType(binary.type), binary);
      expectConsumedFromSdk(byType(structured.type), structured);
    });
  },
);
