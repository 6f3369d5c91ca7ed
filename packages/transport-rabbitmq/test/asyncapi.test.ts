import { describe, expect, it } from 'vitest';
import { asyncApiFindings, sampleBusOn } from '../../../scripts/test-support/asyncapi-validation.js';
import { createRabbitMqTransport } from '../src/index.js';

// Nothing listens there: describing a bus must not connect.
const transport = () =>
  createRabbitMqTransport({ url: 'amqp://user:secret@rabbit.example:5673/sales', prefix: 'hd.' });

describe('the RabbitMQ transport in AsyncAPI', () => {
  it('gives a document the official parser accepts without error or warning', async () => {
    expect(await asyncApiFindings(sampleBusOn(transport()).asyncApi())).toEqual([]);
  });

  it('names the broker as server without its credentials', () => {
    const document = sampleBusOn(transport()).asyncApi();
    expect(document.servers).toEqual({
      rabbitmq: {
        host: 'rabbit.example:5673',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'RabbitMQ, virtual host "sales".',
      },
    });
    expect(JSON.stringify(document)).not.toContain('secret');
  });

  it('binds a topic to its topic exchange and each publish to the routing key of its type', () => {
    const { channels, operations, components } = sampleBusOn(transport()).asyncApi();
    expect(channels['topic.tickets']).toMatchObject({
      address: 'hd.tickets',
      bindings: {
        amqp: {
          is: 'routingKey',
          exchange: { name: 'hd.tickets', type: 'topic', durable: true, autoDelete: false, vhost: 'sales' },
        },
      },
    });
    expect(operations['helpdesk.sends.tickets.ticket-opened']!.bindings).toEqual({
      amqp: { cc: ['tickets.ticket-opened'], deliveryMode: 2, timestamp: true, bindingVersion: '0.3.0' },
    });
    expect(components.messages['notes.note-added']!.bindings).toEqual({
      amqp: { messageType: 'notes.note-added', bindingVersion: '0.3.0' },
    });
  });

  it('binds an endpoint to its queue, an ordered one to its partition queues, a temporary one auto-deleted', () => {
    const { channels, operations } = sampleBusOn(transport()).asyncApi();
    expect(channels['endpoint.helpdesk.notifications']).toMatchObject({
      address: 'hd.helpdesk.notifications',
      bindings: { amqp: { is: 'queue', queue: { name: 'hd.helpdesk.notifications', durable: true } } },
    });
    expect(channels['endpoint.helpdesk.notifications']!.description).toContain(
      '"hd.helpdesk.notifications.retry-5000ms"',
    );
    expect(channels['endpoint.helpdesk.timeline']).toMatchObject({
      address: 'hd.helpdesk.timeline.partition-{partition}',
      parameters: { partition: { enum: ['0', '1', '2'] } },
    });
    expect(channels['endpoint.helpdesk.live']!.bindings).toMatchObject({
      amqp: { queue: { durable: false, autoDelete: true } },
    });
    expect(operations['helpdesk.timeline.receives.notes']!.bindings).toEqual({
      amqp: { ack: true, bindingVersion: '0.3.0' },
    });
  });
});
