import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asyncApiFindings } from '../../../../scripts/test-support/asyncapi-validation.js';
import {
  asyncApiDocument,
  createInMemoryTransport,
  createMessaging,
  defineMessage,
  InMemoryBroker,
} from '../../src/index.js';
import { AgentNotified, TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

const ValibotNote = defineMessage({
  type: 'notes.note-added',
  topic: 'notes',
  schema: v.object({ text: v.string() }),
});
const WithDate = defineMessage({
  type: 'notes.note-dated',
  topic: 'notes',
  schema: z.object({ at: z.date() }),
});

function helpdesk(broker = new InMemoryBroker()) {
  const messaging = createMessaging({
    service: 'helpdesk',
    transport: createInMemoryTransport({ broker }),
    publishes: [TicketCreated, TicketAssigned, { type: 'agents.agent-notified', topic: 'agents' }],
  });
  messaging.endpoint('helpdesk.notifications', { partitions: 4 }).on(TicketCreated, async () => {});
  messaging
    .endpoint('helpdesk.notes', { temporary: true })
    .on(ValibotNote, async () => {})
    .on(WithDate, async () => {});
  return messaging;
}

describe('messaging.asyncApi()', () => {
  it('describes a bus as a valid AsyncAPI 3.0 document: no error, no warning from the official parser', async () => {
    const document = helpdesk().asyncApi({ title: 'Helpdesk', version: '2.1.0' });
    expect(await asyncApiFindings(document)).toEqual([]);
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info).toMatchObject({ title: 'Helpdesk', version: '2.1.0' });
    expect(document.defaultContentType).toBe('application/json');
  });

  it('has a channel per topic and per endpoint, with the messages that travel on it', () => {
    const { channels } = helpdesk().asyncApi();
    expect(Object.keys(channels).sort()).toEqual([
      'endpoint.helpdesk.notes',
      'endpoint.helpdesk.notifications',
      'topic.agents',
      'topic.notes',
      'topic.tickets',
    ]);
    expect(Object.keys(channels['topic.tickets']!.messages).sort()).toEqual([
      'tickets.ticket-assigned',
      'tickets.ticket-created',
    ]);
    expect(channels['endpoint.helpdesk.notifications']!.messages).toEqual({
      'tickets.ticket-created': { $ref: '#/components/messages/tickets.ticket-created' },
    });
    expect(channels['endpoint.helpdesk.notifications']!.description).toContain(
      'ordered by key over 4 partition(s)',
    );
    expect(channels['endpoint.helpdesk.notes']!.description).toContain('Temporary');
  });

  it('has a send operation per published contract and a receive operation per endpoint subscription', () => {
    const { operations } = helpdesk().asyncApi();
    expect(Object.keys(operations).sort()).toEqual([
      'helpdesk.notes.receives.notes',
      'helpdesk.notifications.receives.tickets',
      'helpdesk.sends.agents.agent-notified',
      'helpdesk.sends.tickets.ticket-assigned',
      'helpdesk.sends.tickets.ticket-created',
    ]);
    expect(operations['helpdesk.sends.tickets.ticket-created']).toMatchObject({
      action: 'send',
      channel: { $ref: '#/channels/topic.tickets' },
      messages: [{ $ref: '#/channels/topic.tickets/messages/tickets.ticket-created' }],
      tags: [{ name: 'helpdesk' }],
    });
    expect(operations['helpdesk.notes.receives.notes']).toMatchObject({
      action: 'receive',
      channel: { $ref: '#/channels/endpoint.helpdesk.notes' },
      messages: [
        { $ref: '#/channels/endpoint.helpdesk.notes/messages/notes.note-added' },
        { $ref: '#/channels/endpoint.helpdesk.notes/messages/notes.note-dated' },
      ],
    });
  });

  it("takes each payload's JSON Schema from the validator's Standard JSON Schema (zod 4)", () => {
    const message = helpdesk().asyncApi().components.messages['tickets.ticket-created']!;
    // The input side: what a consumer accepts, so `priority` (it has a default) is optional on the wire.
    expect(message.payload).toEqual({
      type: 'object',
      properties: {
        ticketId: { type: 'string', minLength: 1 },
        title: { type: 'string' },
        priority: { type: 'string', enum: ['low', 'high'], default: 'low' },
      },
      required: ['ticketId', 'title'],
    });
    expect(message.description).not.toContain('not available');
  });

  it('gives a permissive schema with the reason where a validator cannot describe the payload', async () => {
    const { messages } = helpdesk().asyncApi().components;
    // valibot implements Standard Schema but not Standard JSON Schema.
    expect(messages['notes.note-added']!.payload).toEqual({
      description: expect.stringMatching(
        /^Any payload \(no JSON Schema: its validator \(valibot\) offers no JSON Schema/,
      ),
    });
    expect(messages['notes.note-added']!.description).toContain('Payload schema not available');
    // zod has the interface, but a Date has no JSON Schema.
    expect(messages['notes.note-dated']!.description).toMatch(/cannot express it as JSON Schema: Date/);
    // Declared in `publishes` by type and topic only.
    expect(messages['agents.agent-notified']!.description).toContain('declared by type and topic only');
  });

  it('prefers a contract with a schema over a declaration of the same type without one', () => {
    const messaging = createMessaging({
      service: 'agents',
      transport: createInMemoryTransport(),
      publishes: [{ type: 'agents.agent-notified', topic: 'agents' }],
    });
    messaging.endpoint('agents.inbox').on(AgentNotified, async () => {});
    const message = messaging.asyncApi().components.messages['agents.agent-notified']!;
    expect(message.payload).toMatchObject({ type: 'object', required: ['agent', 'ticketId'] });
  });

  it('moves the references of a recursive schema below the payload, so they resolve in the document', async () => {
    const Node: z.ZodType<{ name: string; children: unknown[] }> = z.object({
      name: z.string(),
      get children() {
        return z.array(Node);
      },
    });
    const Tree = defineMessage({ type: 'trees.tree-planted', topic: 'trees', schema: Node });
    const messaging = createMessaging({
      service: 'garden',
      transport: createInMemoryTransport(),
      publishes: [Tree],
    });
    const document = messaging.asyncApi();
    expect(JSON.stringify(document.components.messages['trees.tree-planted']!.payload)).toContain(
      '"$ref":"#/components/messages/trees.tree-planted/payload"',
    );
    expect(await asyncApiFindings(document)).toEqual([]);
  });
});

describe('asyncApiDocument(buses)', () => {
  it('merges the services of a system into one valid document, each operation tagged with its service', async () => {
    const broker = new InMemoryBroker();
    const agents = createMessaging({ service: 'agents', transport: createInMemoryTransport({ broker }) });
    agents.endpoint('agents.assignments').on(TicketAssigned, async () => {});
    const document = asyncApiDocument([helpdesk(broker), agents], { title: 'Helpdesk system' });
    expect(await asyncApiFindings(document)).toEqual([]);
    expect(document.info.title).toBe('Helpdesk system');
    expect(document.operations['agents.assignments.receives.tickets']).toMatchObject({
      action: 'receive',
      tags: [{ name: 'agents' }],
    });
    expect(document.operations['helpdesk.sends.tickets.ticket-assigned']!.tags).toEqual([
      { name: 'helpdesk', description: 'Service helpdesk' },
    ]);
    expect(Object.keys(document.channels)).toContain('endpoint.agents.assignments');
  });
});
