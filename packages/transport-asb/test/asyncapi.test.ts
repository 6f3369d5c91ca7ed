import { describe, expect, it } from 'vitest';
import { asyncApiFindings, sampleBusOn } from '../../../scripts/test-support/asyncapi-validation.js';
import { createAzureServiceBusTransport } from '../src/index.js';

// Nothing listens there: describing a bus must not connect.
const transport = (
  connectionString = 'Endpoint=sb://helpdesk.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=secret',
) => createAzureServiceBusTransport({ connectionString, namePrefix: 'hd-' });

describe('the Azure Service Bus transport in AsyncAPI', () => {
  it('gives a document the official parser accepts without error or warning', async () => {
    expect(await asyncApiFindings(sampleBusOn(transport()).asyncApi())).toEqual([]);
  });

  it('names the namespace as an AMQP 1.0 server without its key; the emulator speaks plain AMQP', () => {
    const document = sampleBusOn(transport()).asyncApi();
    expect(document.servers).toEqual({
      'azure-service-bus': {
        host: 'helpdesk.servicebus.windows.net',
        protocol: 'amqps',
        protocolVersion: '1.0',
        description: 'Azure Service Bus namespace.',
      },
    });
    expect(JSON.stringify(document)).not.toContain('secret');
    const emulator = transport(
      'Endpoint=sb://127.0.0.1:5673;SharedAccessKeyName=k;SharedAccessKey=x;UseDevelopmentEmulator=true',
    );
    expect(sampleBusOn(emulator).asyncApi().servers!['azure-service-bus']!.protocol).toBe('amqp');
  });

  it('describes topics and subscriptions in the x-azure-service-bus extension, AsyncAPI having no binding', () => {
    const { channels, operations } = sampleBusOn(transport()).asyncApi();
    expect(channels['topic.tickets']).toMatchObject({
      address: 'hd-tickets',
      bindings: { 'x-azure-service-bus': { entityType: 'topic', name: 'hd-tickets' } },
    });
    expect(operations['helpdesk.sends.tickets.ticket-opened']!.bindings).toMatchObject({
      'x-azure-service-bus': { topic: 'hd-tickets', subject: 'tickets.ticket-opened' },
    });
    expect(channels['endpoint.helpdesk.notifications']!.address).toBe(
      'hd-tickets/Subscriptions/hd-helpdesk.notifications',
    );
    expect(channels['endpoint.helpdesk.timeline']).toMatchObject({
      address: '{topic}/Subscriptions/hd-helpdesk.timeline',
      parameters: { topic: { enum: ['hd-tickets', 'hd-notes'] } },
      bindings: { 'x-azure-service-bus': { entityType: 'subscription', requiresSession: true } },
    });
    expect(operations['helpdesk.timeline.receives.notes']!.bindings).toEqual({
      'x-azure-service-bus': {
        subscription: 'hd-notes/Subscriptions/hd-helpdesk.timeline',
        receiveMode: 'peekLock',
        sessions: true,
      },
    });
  });
});
