import { Parser } from '@asyncapi/parser';
import { createMessaging, defineMessage, type Messaging, type Transport } from '@pragmatic-messaging/core';
import { z } from 'zod';

export interface AsyncApiFinding {
  readonly severity: 'error' | 'warning' | 'information' | 'hint';
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
const parser = new Parser();

/**
 * What the official AsyncAPI parser (@asyncapi/parser, with its spectral rules) says about a document. Documents
 * are AsyncAPI 3.0, so its hint that 3.1 exists (`asyncapi-latest-version`, information) is left out.
 */
export async function asyncApiFindings(document: object): Promise<AsyncApiFinding[]> {
  // A copy: the parser resolves references in place.
  const { diagnostics } = await parser.parse(JSON.parse(JSON.stringify(document)));
  return diagnostics
    .filter((diagnostic) => diagnostic.code !== 'asyncapi-latest-version')
    .map((diagnostic) => ({
      severity: SEVERITIES[diagnostic.severity] ?? 'error',
      code: String(diagnostic.code),
      path: diagnostic.path.join('.'),
      message: diagnostic.message,
    }));
}

const TicketOpened = defineMessage({
  type: 'tickets.ticket-opened',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), title: z.string().min(1) }),
  key: (ticket) => ticket.ticketId,
});
const NoteAdded = defineMessage({
  type: 'notes.note-added',
  topic: 'notes',
  schema: z.object({ ticketId: z.string(), text: z.string() }),
  key: (note) => note.ticketId,
});

/**
 * A small bus that shows every kind of channel on a transport: two topics, an unordered endpoint, an ordered one
 * reading both topics, and a temporary one. Never started: describing it needs no broker.
 */
export function sampleBusOn(transport: Transport): Messaging {
  const messaging = createMessaging({
    service: 'helpdesk',
    transport,
    publishes: [TicketOpened, NoteAdded],
    retry: { delays: [1_000, 5_000] },
  });
  messaging.endpoint('helpdesk.notifications').on(TicketOpened, async () => {});
  messaging
    .endpoint('helpdesk.timeline', { partitions: 3 })
    .on(TicketOpened, async () => {})
    .on(NoteAdded, async () => {});
  messaging.endpoint('helpdesk.live', { temporary: true }).on(NoteAdded, async () => {});
  return messaging;
}
