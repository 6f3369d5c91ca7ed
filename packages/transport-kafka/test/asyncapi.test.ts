import { describe, expect, it } from 'vitest';
import { asyncApiFindings, sampleBusOn } from '../../../scripts/test-support/asyncapi-validation.js';
import { createKafkaTransport } from '../src/index.js';

// Nothing listens there: describing a bus must not connect.
const transport = () =>
  createKafkaTransport({
    brokers: ['kafka-1.example:9092', 'kafka-2.example:9092'],
    clientId: 'helpdesk-1',
    namingPrefix: 'hd.',
    partitions: 2,
  });

describe('the Kafka transport in AsyncAPI', () => {
  it('gives a document the official parser accepts without error or warning', async () => {
    expect(await asyncApiFindings(sampleBusOn(transport()).asyncApi())).toEqual([]);
  });

  it('names every bootstrap broker as a server', () => {
    expect(sampleBusOn(transport()).asyncApi().servers).toEqual({
      'kafka-1': { host: 'kafka-1.example:9092', protocol: 'kafka', description: 'Kafka bootstrap broker.' },
      'kafka-2': { host: 'kafka-2.example:9092', protocol: 'kafka', description: 'Kafka bootstrap broker.' },
    });
  });

  it('binds a topic to its Kafka topic with the partitions provisioning creates', () => {
    const { channels, components } = sampleBusOn(transport()).asyncApi();
    // The ordered endpoint reads "tickets" over 3 partitions, so the topic gets 3 although the default is 2.
    expect(channels['topic.tickets']!.bindings).toMatchObject({
      kafka: { topic: 'hd.tickets', partitions: 3, bindingVersion: '0.5.0' },
    });
    // The replication factor is the broker's default (-1), which the document cannot know.
    expect(channels['topic.tickets']!.bindings!.kafka).not.toHaveProperty('replicas');
    expect(components.messages['tickets.ticket-opened']!.bindings).toMatchObject({
      kafka: { key: { type: ['string', 'null'] } },
    });
  });

  it("receives with the endpoint's consumer group, from each Kafka topic it reads", () => {
    const { channels, operations } = sampleBusOn(transport()).asyncApi();
    expect(channels['endpoint.helpdesk.notifications']!.address).toBe('hd.tickets');
    expect(channels['endpoint.helpdesk.timeline']).toMatchObject({
      address: '{topic}',
      parameters: { topic: { enum: ['hd.tickets', 'hd.notes'] } },
    });
    expect(channels['endpoint.helpdesk.timeline']!.description).toContain(
      'retry topic "hd.helpdesk.timeline.retry-1000ms"',
    );
    expect(operations['helpdesk.timeline.receives.notes']!.bindings).toEqual({
      kafka: {
        groupId: { type: 'string', enum: ['hd.helpdesk.timeline'] },
        clientId: { type: 'string', enum: ['helpdesk-1'] },
        bindingVersion: '0.5.0',
      },
    });
  });
});
