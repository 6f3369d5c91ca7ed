import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { Kafka as CloudEventsKafka, type CloudEventV1, type KafkaMessage } from 'cloudevents';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cloudEventsWorld,
  expectConsumedFromSdk,
  expectDecodedBySdk,
} from '../../../scripts/test-support/cloudevents-sdk.js';
import { createTestKafkaTransport } from './kafka-test-transport.js';

const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'Kafka CloudEvents');

describe.runIf(brokers)(
  'CloudEvents on Kafka (the Kafka protocol binding), checked with the official SDK',
  () => {
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      await Promise.allSettled(cleanup.map((close) => close()));
      cleanup.length = 0;
    });
    const kafka = () => new Kafka({ brokers: [brokers!], clientId: 'ce-tests', logLevel: logLevel.NOTHING });

    /** Every record of a topic as the SDK's binding reads it (headers and value as text). */
    async function rawRecords(topic: string, count: number): Promise<KafkaMessage<string>[]> {
      const consumer = kafka().consumer({ groupId: `${topic}-raw` });
      cleanup.push(() => consumer.disconnect());
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const records: KafkaMessage<string>[] = [];
      await new Promise<void>((resolve, reject) => {
        setTimeout(
          () => reject(new Error(`${records.length} of ${count} records read from ${topic}`)),
          30_000,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            const value = message.value?.toString() ?? '';
            records.push({ headers, key: message.key?.toString() ?? '', value, body: value });
            if (records.length === count) resolve();
          },
        });
      });
      return records;
    }

    it('binary (ce_ headers) by bus and structured by contract: the SDK decodes both with id, type, source, time and data', async () => {
      const world = cloudEventsWorld();
      const bus = world.bus(createTestKafkaTransport(brokers!));
      cleanup.push(() => bus.stop());
      await bus.start();
      await bus.publish(world.contracts.binary, { ticketId: 't-1', title: 'binary' });
      await bus.publish(world.contracts.structured, { ticketId: 't-1', title: 'structured' });
      await world.until(2, 'both events handled by the bus itself');

      const [binary, structured] = await rawRecords(world.topic, 2);
      expect(binary!.headers).toMatchObject({ ce_specversion: '1.0', 'content-type': 'application/json' });
      expect(binary!.headers).not.toHaveProperty('pm-id');
      expect(structured!.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
      const [first, second] = world.received;
      for (const [record, entry, title] of [
        [binary!, first!, 'binary'],
        [structured!, second!, 'structured'],
      ] as const) {
        const event = CloudEventsKafka.toEvent(record) as CloudEventV1<unknown>;
        expectDecodedBySdk(event, {
          id: entry.context.messageId,
          type: entry.context.type,
          source: world.service,
          time: entry.context.envelope.timestamp,
          data: { ticketId: 't-1', title },
          key: 't-1',
        });
      }
      // The bus read its own events back as the envelope it sent.
      expect(first!.context.headers['source-service']).toBe(world.service);
      expect(first!.context.headers['pm-wire-format']).toBe('cloudevents-binary');
      expect(second!.context.headers['pm-wire-format']).toBe('cloudevents-structured');
    });

    it('events the SDK encodes, binary and structured, are consumed with their id, type, source, time and key', async () => {
      const world = cloudEventsWorld();
      const bus = world.bus(createTestKafkaTransport(brokers!), 'native');
      cleanup.push(() => bus.stop());
      await bus.start();
      const producer = kafka().producer();
      cleanup.push(() => producer.disconnect());
      await producer.connect();
      const binary = world.sdkEvent('binary', 't-7');
      const structured = world.sdkEvent('structured', 't-8');
      const asBinary = CloudEventsKafka.binary(binary);
      const asStructured = CloudEventsKafka.structured(structured);
      await producer.send({
        topic: world.topic,
        messages: [
          {
            key: String(asBinary.key),
            value: JSON.stringify(asBinary.value),
            headers: stringHeaders(asBinary.headers),
          },
          {
            key: String(asStructured.key),
            value: String(asStructured.value),
            headers: stringHeaders(asStructured.headers),
          },
        ],
      });
      await world.until(2, 'both SDK events handled');
      const byType = (type: string) => world.received.find((entry) => entry.context.type === type)!;
      expectConsumedFromSdk(byType(binary.type), binary);
      expectConsumedFromSdk(byType(structured.type), structured);
    });
  },
);

function stringHeaders(headers: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, String(value)]),
  );
}
