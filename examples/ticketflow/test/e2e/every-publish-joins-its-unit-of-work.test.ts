import { Headers, type TransportMessage } from '@pragmatic-messaging/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStored, MessageStored } from '../../src/contracts/communication-contracts.js';
import { InquirySubmitted, InquiryUpdated } from '../../src/contracts/inquiries-contracts.js';
import { DeadlineReminderDue, DeadlinesCalculated, SLABreached } from '../../src/contracts/sla-contracts.js';
import {
  IncidentCreated,
  TicketCreated,
  TicketQualified,
  TicketUpdated,
} from '../../src/contracts/tickets-contracts.js';
import { RequestTranslationV2, TranslationSkipped } from '../../src/contracts/translations-contracts.js';
import type { RunningTicketFlow } from '../../src/embedded.js';
import { inquiriesService } from '../../src/services/inquiries/inquiries-service.js';
import { eventually } from '../support/eventually.js';
import { settableDetector } from '../support/fake-collaborators.js';
import { AGENT, startTestFlow } from '../support/test-flow.js';
import { ok, signFastSla, submitTicket } from '../support/ticketflow-steps.js';

/** What handlers publish: each is a consequence of the message being handled. */
const HANDLER_PUBLISHED = [
  TicketCreated,
  InquiryUpdated,
  TranslationSkipped,
  TicketUpdated,
  DeadlinesCalculated,
  AlertStored,
  MessageStored,
].map((contract) => contract.type);

/**
 * With `messageScope: 'explicit'` the bus keeps no ambient scope: a plain `messaging.publish` inside a handler or a
 * `messaging.transaction()` would start a new conversation and be sent directly, not through the outbox of the
 * unit of work. TicketFlow publishes only through `ctx.publish` and the transaction's `publish`, so in that mode
 * every message still carries its unit of work — which the wire shows: a handler's messages are caused by the
 * handled message and share its correlation id, and the messages of one transaction share one correlation id.
 */
describe('every TicketFlow publish joins its unit of work, even with messageScope explicit', () => {
  const wire: TransportMessage[] = [];
  let flow: RunningTicketFlow;

  beforeAll(async () => {
    flow = await startTestFlow({
      messageScope: 'explicit',
      modules: { inquiries: inquiriesService({ detectLanguage: settableDetector('pl') }) },
    });
    const { broker } = flow.runtime;
    const publish = broker.publish.bind(broker);
    broker.publish = (messages) => {
      wire.push(...messages);
      publish(messages);
    };
    // Deadlines of a second, so SLA's breach watcher alerts during the test.
    await signFastSla(flow, { Low: 1_000, Medium: 1_000, High: 1_000, Critical: 1_000 });
  }, 60_000);

  afterAll(() => flow?.stop());

  const ofType = (type: string) => wire.filter((message) => message.type === type);
  const correlationOf = (message: TransportMessage) => message.headers[Headers.correlationId];
  const bodyOf = (message: TransportMessage) =>
    JSON.parse(new TextDecoder().decode(message.body)) as Record<string, unknown>;

  it('a ticket from submission to breach keeps every message in its conversation', async () => {
    const ticket = await submitTicket(flow, 'anna@fast.test');
    await ok(flow, 'POST', `/api/tickets/${ticket.id}/qualify`, {
      ticketType: 'Incident',
      severityLevel: 'Critical',
    });
    await ok(flow, 'POST', `/api/tickets/${ticket.id}/assign/${AGENT.id}`);
    const breachReminder = await eventually('SLA reminds the agent of the breach', async () => {
      const reminder = ofType(DeadlineReminderDue.type).find((message) => bodyOf(message).kind === 'breach');
      expect(reminder).toBeDefined();
      return reminder!;
    });
    await eventually('communication stored the incident alert', async () =>
      expect(ofType(AlertStored.type).length).toBeGreaterThan(0),
    );

    // A handler's message is caused by a message on the wire and continues its conversation.
    const byId = new Map(wire.map((message) => [message.id, message]));
    for (const type of HANDLER_PUBLISHED) {
      expect(ofType(type).length, `${type} was published`).toBeGreaterThan(0);
      for (const message of ofType(type)) {
        const cause = byId.get(message.headers[Headers.causationId] ?? '');
        expect(cause, `${type} names the message it handled as its cause`).toBeDefined();
        expect(correlationOf(message), `${type} continues its cause's conversation`).toBe(
          correlationOf(cause!),
        );
      }
    }
    // The messages of one transaction (an HTTP request, a scheduler's run) share its correlation id.
    const [submitted] = ofType(InquirySubmitted.type);
    expect(ofType(RequestTranslationV2.type).map(correlationOf)).toEqual([correlationOf(submitted!)]);
    const [qualified] = ofType(TicketQualified.type);
    expect(ofType(IncidentCreated.type).map(correlationOf)).toEqual([correlationOf(qualified!)]);
    expect(ofType(SLABreached.type).map(correlationOf)).toContain(correlationOf(breachReminder));
  }, 60_000);
});
