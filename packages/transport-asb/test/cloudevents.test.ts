import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  amqpOfSdkEvent,
  cloudEventsWorld,
  expectConsumedFromSdk,
  expectDecodedBySdk,
  sdkEventOfAmqp,
} from '../../../scripts/test-support/cloudevents-sdk.js';
import { createAzureServiceBusTransport } from '../src/index.js';

const connectionString = brokerFromEnvironment('ASB_EMULATOR_CONNECTION_STRING', 'Service Bus CloudEvents');
const caFile = brokerFromEnvironment('ASB_EMULATOR_CA_FILE', 'Service Bus CloudEvents (certificate)');

/**
 * Over the real SDK against the Service Bus emulator (AMQP 1.0): application properties and the content type are
 * what the AMQP binding maps attributes onto.
 */
describe.runIf(connectionString && caFile)(
  'CloudEvents on Service Bus (the AMQP binding), checked with the official SDK',
  () => {
    const namePrefix = `ce-${randomUUID().slice(0, 6)}-`;
    const administration = () =>
      new ServiceBusAdministrationClient(connectionString!, {
        tlsOptions: { ca: readFileSync(caFile!, 'utf8') },
      });
    const cleanup: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      await Promise.allSettled(cleanup.map((close) => close()));
      cleanup.length = 0;
      const admin = administration();
      for await (const topic of admin.listTopics()) {
        if (topic.name.startsWith(namePrefix)) await admin.deleteTopic(topic.name);
      }
    });
    const client = () => {
      const created = new ServiceBusClient(connectionString!);
      cleanup.push(() => created.close());
      return created;
    };
    const transport = () =>
      createAzureServiceBusTransport({
        sdk: { client: client(), administration: administration() },
        namePrefix,
        sessionIdleTimeoutMs: 200,
      });

    it('binary (cloudEvents_ application properties) by bus and structured by contract: the SDK decodes both with id, type, source, time and data', async () => {
      const events = cloudEventsWorld();
      const bus = events.bus(transport());
      cleanup.push(() => bus.stop());
      await bus.start();
      // A subscription of our own (all messages) sees them as they are on the broker.
      const topicEntity = `${namePrefix}${events.topic}`;
      await administration().createSubscription(topicEntity, 'raw');
      await bus.publish(events.contracts.binary, { ticketId: 't-1', title: 'binary' });
      await bus.publish(events.contracts.structured, { ticketId: 't-1', title: 'structured' });
      await events.until(2, 'both events handled by the bus itself');
      const receiver = client().createReceiver(topicEntity, 'raw', {
        receiveMode: 'receiveAndDelete',
        skipParsingBodyAsJson: true,
      });
      const raw = [];
      while (raw.length < 2)
        raw.push(...(await receiver.receiveMessages(2 - raw.length, { maxWaitTimeInMs: 5_000 })));
      const [binary, structured] = raw;

      expect(binary!.applicationProperties).toMatchObject({ cloudEvents_specversion: '1.0' });
      expect(binary!.contentType).toBe('application/json');
      expect(structured!.contentType).toBe('application/cloudevents+json; charset=utf-8');
      const [first, second] = events.received;
      for (const [message, entry, title] of [
        [binary!, first!, 'binary'],
        [structured!, second!, 'structured'],
      ] as const) {
        const event = sdkEventOfAmqp(
          message.applicationProperties ?? {},
          message.contentType,
          message.body as Buffer,
        );
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
    });

    it('events the SDK encodes, binary and structured, are consumed with their id, type, source, time and key', async () => {
      const events = cloudEventsWorld();
      const bus = events.bus(transport(), 'native');
      cleanup.push(() => bus.stop());
      await bus.start();
      const binary = events.sdkEvent('binary', 't-7');
      const structured = events.sdkEvent('structured', 't-8');
      const topicEntity = `${namePrefix}${events.topic}`;
      const sender = client().createSender(topicEntity);
      for (const [event, mode] of [
        [binary, 'binary'],
        [structured, 'structured'],
      ] as const) {
        const amqp = amqpOfSdkEvent(event, mode);
        // Subscriptions route on the subject (the type) and `to` (the topic), as for the toolkit's own messages.
        await sender.sendMessages({
          body: amqp.body,
          contentType: amqp.contentType,
          applicationProperties: amqp.properties,
          subject: event.type,
          to: topicEntity,
        });
      }
      await events.until(2, 'both SDK events handled');
      const byType = (type: string) => events.received.find((entry) => entry.context.type === type)!;
      expectConsumedFromSdk(byType(binary.type), binary);
      expectConsumedFromSdk(byType(structured.type), structured);
    });
  },
);
