import type { HandlerContext } from '@pragmatic-messaging/core';
import { InquirySubmitted } from '../../contracts/inquiries-contracts.js';
import { DeadlinesCalculated } from '../../contracts/sla-contracts.js';
import { TranslationCompleted, TranslationSkipped } from '../../contracts/translations-contracts.js';
import { humanTime } from '../../runtime/human-time.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import { announceUpdate, applyChange, loadTicketForUpdate } from './ticket-commands.js';
import { ticketEventPublisher } from './ticket-event-publisher.js';
import { attachTranslation, createTicket } from './ticket-intake.js';

/**
 * The tickets service's endpoints: tickets from inquiries, translations attached to them, deadlines from SLA.
 * Every handler writes through `ctx.tx` and publishes through `ctx.publish` (keyed by the ticket event
 * publisher), so its changes and its events commit together.
 */
export function registerTicketsHandlers(context: ServiceContext): void {
  const { messaging, features } = context;
  const publishFor = (ctx: HandlerContext) => ticketEventPublisher(features, ctx.publish);
  messaging
    .endpoint('tickets.intake', { concurrency: 4 })
    .on(InquirySubmitted, (inquiry, ctx) => createTicket(ctx.tx, publishFor(ctx), inquiry))
    .on(TranslationCompleted, (translation, ctx) =>
      attachTranslation(ctx.tx, publishFor(ctx), translation.referenceId, translation.translatedText),
    )
    .on(TranslationSkipped, (skipped, ctx) =>
      attachTranslation(ctx.tx, publishFor(ctx), skipped.referenceId, null),
    );
  messaging
    .endpoint('tickets.sla-updates', { concurrency: 4 })
    .on(DeadlinesCalculated, async (deadline, ctx) => {
      const ticket = await loadTicketForUpdate(ctx.tx, deadline.serviceSourceId);
      const updated = await applyChange(ctx.tx, ticket, {
        note: `Deadline set to ${humanTime(deadline.deadlineUtc)}`,
        columns: { deadline: deadline.deadlineUtc },
      });
      await announceUpdate(publishFor(ctx), updated, 'deadline');
    });
}
