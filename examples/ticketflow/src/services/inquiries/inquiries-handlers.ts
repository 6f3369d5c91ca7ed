import type { HandlerContext } from '@pragmatic-messaging/core';
import { InquiryUpdated } from '../../contracts/inquiries-contracts.js';
import { TicketCreated, TicketResolved } from '../../contracts/tickets-contracts.js';
import { NotFoundError } from '../../runtime/http-errors.js';
import type { ServiceContext } from '../../runtime/service-module.js';

/** Moves the inquiry on and tells live views (InquiryUpdated) in the handler's transaction; false when unknown. */
async function setStatus(
  ctx: HandlerContext,
  id: string,
  changes: { status: 'InProgress' | 'Resolved'; ticketId?: string },
): Promise<boolean> {
  const { rows } = await ctx.tx.query<{ ticket_id: string | null }>(
    `UPDATE inquiries.inquiries SET status = $2, ticket_id = COALESCE($3, ticket_id) WHERE id = $1 RETURNING ticket_id`,
    [id, changes.status, changes.ticketId ?? null],
  );
  const row = rows[0];
  if (!row) return false;
  await ctx.publish(InquiryUpdated, { id, status: changes.status, ticketId: row.ticket_id });
  return true;
}

/** The inquiries service follows its tickets: New → InProgress (ticket created) → Resolved. */
export function registerInquiriesHandlers(context: ServiceContext): void {
  context.messaging
    .endpoint('inquiries.ticket-progress', { concurrency: 4 })
    .on(TicketCreated, async (ticket, ctx) => {
      const linked = await setStatus(ctx, ticket.inquiryId, {
        status: 'InProgress',
        ticketId: ticket.ticketId,
      });
      // A ticket for an inquiry we do not know is a bug upstream: fail loudly (retries, then dead letter).
      if (!linked) throw new NotFoundError('Inquiry', ticket.inquiryId);
    })
    .on(TicketResolved, async (ticket, ctx) => {
      await setStatus(ctx, ticket.ticketId, { status: 'Resolved' });
    });
}
