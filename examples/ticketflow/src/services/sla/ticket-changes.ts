import type { HandlerContext, MessageOf, SqlExecutor } from '@pragmatic-messaging/core';
import { DeadlinesCalculated } from '../../contracts/sla-contracts.js';
import type {
  AgentAssignedToTicket,
  TicketBlocked,
  TicketCreated,
  TicketQualified,
  TicketResolved,
  TicketUnblocked,
} from '../../contracts/tickets-contracts.js';
import type { DeadlineReminderRow } from './deadline-reminder-row.js';
import {
  computeDeadlineSchedule,
  deadlinePassedAt,
  remindersForAssignment,
  shiftByPause,
} from './deadline-schedule.js';
import { domainOf, responseSpanMs, serviceTypeOf } from './signed-sla.js';
import { findSignedSla } from './signed-sla-lookup.js';
import { loadProjectedTicket, type TicketProjectionRow } from './ticket-projection.js';

const time = (value: Date | string) => new Date(value);

/**
 * When a ticket event happened: its `occurredAt`, or — for events of producers that do not send it — when it was
 * published (the envelope's timestamp, kept through the outbox). Never the time of delivery: after an outage a
 * resolution made before its deadline may arrive after it, and must still count as made in time.
 */
function eventTime(event: { readonly occurredAt?: string | undefined }, ctx: HandlerContext): Date {
  return event.occurredAt === undefined ? new Date(ctx.envelope.timestamp) : new Date(event.occurredAt);
}

async function openRecordFor(sql: SqlExecutor, ticketId: string): Promise<DeadlineReminderRow | undefined> {
  const { rows } = await sql.query<DeadlineReminderRow>(
    'SELECT * FROM sla.deadline_reminders WHERE service_source_id = $1 FOR UPDATE',
    [ticketId],
  );
  return rows[0];
}

/**
 * Records an event's version. Until the ticket has a deadline record, events are only stored (pending) and do not
 * advance the applied version: a qualification overtaken by a later event must still count as new.
 */
async function recordVersion(
  sql: SqlExecutor,
  ticketId: string,
  version: number,
  applied: boolean,
): Promise<void> {
  await sql.query(
    applied
      ? 'UPDATE sla.tickets SET version = GREATEST(version, $2) WHERE ticket_id = $1'
      : 'UPDATE sla.tickets SET pending_version = GREATEST(COALESCE(pending_version, 0), $2) WHERE ticket_id = $1',
    [ticketId, version],
  );
  if (applied) {
    await sql.query(
      `UPDATE sla.deadline_reminders SET service_last_known_version = GREATEST(service_last_known_version, $2)
       WHERE service_source_id = $1`,
      [ticketId, version],
    );
  }
}

/** Handlers of the ticket events SLA follows; every time-based rule uses the event's own time (see eventTime). */
export function ticketChangeHandlers() {
  return {
    async created(event: MessageOf<typeof TicketCreated>, ctx: HandlerContext): Promise<void> {
      await ctx.tx.query(
        `INSERT INTO sla.tickets (ticket_id, email, title, created_at, version) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (ticket_id) DO NOTHING`,
        [event.ticketId, event.email, event.title, event.createdAt, event.version],
      );
    },

    async qualified(event: MessageOf<typeof TicketQualified>, ctx: HandlerContext): Promise<void> {
      const ticket = await loadProjectedTicket(ctx.tx, event.ticketId, ctx.type);
      const existing = await openRecordFor(ctx.tx, event.ticketId);
      if (existing) {
        // A redelivery or a re-qualification: the first qualification fixed the deadline.
        await recordVersion(ctx.tx, event.ticketId, event.version, true);
        return;
      }
      await createDeadlineRecord(ctx, ticket, event);
    },

    async agentAssigned(event: MessageOf<typeof AgentAssignedToTicket>, ctx: HandlerContext): Promise<void> {
      await loadProjectedTicket(ctx.tx, event.ticketId, ctx.type);
      const assignedAt = eventTime(event, ctx);
      await ctx.tx.query('UPDATE sla.tickets SET agent_user_id = $2, assigned_at = $3 WHERE ticket_id = $1', [
        event.ticketId,
        event.agentUserId,
        assignedAt,
      ]);
      const record = await openRecordFor(ctx.tx, event.ticketId);
      if (record) await remindAgent(ctx.tx, record, event.agentUserId, assignedAt);
      await recordVersion(ctx.tx, event.ticketId, event.version, record !== undefined);
    },

    async blocked(event: MessageOf<typeof TicketBlocked>, ctx: HandlerContext): Promise<void> {
      await loadProjectedTicket(ctx.tx, event.ticketId, ctx.type);
      await ctx.tx.query(
        'UPDATE sla.tickets SET blocked_since = COALESCE(blocked_since, $2) WHERE ticket_id = $1',
        [event.ticketId, eventTime(event, ctx)],
      );
      const record = await openRecordFor(ctx.tx, event.ticketId);
      await recordVersion(ctx.tx, event.ticketId, event.version, record !== undefined);
    },

    async unblocked(event: MessageOf<typeof TicketUnblocked>, ctx: HandlerContext): Promise<void> {
      const ticket = await loadProjectedTicket(ctx.tx, event.ticketId, ctx.type);
      const record = await openRecordFor(ctx.tx, event.ticketId);
      if (ticket.blocked_since !== null) {
        const pausedMs = Math.max(0, eventTime(event, ctx).getTime() - time(ticket.blocked_since).getTime());
        await ctx.tx.query('UPDATE sla.tickets SET blocked_since = NULL WHERE ticket_id = $1', [
          event.ticketId,
        ]);
        if (record && !record.service_completed) await resumeClock(ctx, record, pausedMs);
      }
      await recordVersion(ctx.tx, event.ticketId, event.version, record !== undefined);
    },

    async resolved(event: MessageOf<typeof TicketResolved>, ctx: HandlerContext): Promise<void> {
      await loadProjectedTicket(ctx.tx, event.ticketId, ctx.type);
      const resolvedAt = eventTime(event, ctx);
      await ctx.tx.query(
        'UPDATE sla.tickets SET resolved_at = COALESCE(resolved_at, $2) WHERE ticket_id = $1',
        [event.ticketId, resolvedAt],
      );
      const record = await openRecordFor(ctx.tx, event.ticketId);
      if (record && !record.service_completed) {
        // Our decision: DeadlineMet means resolved at or before the deadline (the original had it inverted).
        await ctx.tx.query(
          `UPDATE sla.deadline_reminders SET service_completed = true, deadline_met = $2 <= deadline_date_utc
           WHERE id = $1`,
          [record.id, resolvedAt],
        );
      }
      await recordVersion(ctx.tx, event.ticketId, event.version, record !== undefined);
    },
  };
}

/** First qualification: deadline from the signed SLA, reminders, and whatever was stored while waiting for it. */
async function createDeadlineRecord(
  ctx: HandlerContext,
  ticket: TicketProjectionRow,
  event: MessageOf<typeof TicketQualified>,
): Promise<void> {
  const serviceType = serviceTypeOf(event.ticketType);
  const sla = await findSignedSla(ctx.tx, domainOf(ticket.email));
  const span = responseSpanMs(sla, serviceType, event.severityLevel);
  if (span === undefined) {
    ctx.logger.info(
      { ticketId: ticket.ticket_id, serviceType, sla: sla.companyName },
      'SLA covers no such service',
    );
    return;
  }
  const schedule = computeDeadlineSchedule(time(ticket.created_at), span);
  const reminders =
    ticket.agent_user_id && ticket.assigned_at
      ? remindersForAssignment(schedule, schedule.deadline, time(ticket.assigned_at))
      : schedule;
  const resolvedAt = ticket.resolved_at === null ? null : time(ticket.resolved_at);
  const version = Math.max(ticket.version, event.version, ticket.pending_version ?? 0);
  await ctx.tx.query(
    `INSERT INTO sla.deadline_reminders (service_type, service_source_id, service_last_known_version,
       user_id_to_remind, first_reminder_date_utc, second_reminder_date_utc, final_reminder_date_utc,
       deadline_date_utc, service_completed, deadline_met)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      serviceType,
      ticket.ticket_id,
      version,
      ticket.agent_user_id,
      reminders.first,
      reminders.second,
      reminders.final,
      schedule.deadline,
      resolvedAt !== null,
      resolvedAt === null ? null : resolvedAt.getTime() <= schedule.deadline.getTime(),
    ],
  );
  await ctx.tx.query('UPDATE sla.tickets SET version = $2, pending_version = NULL WHERE ticket_id = $1', [
    ticket.ticket_id,
    version,
  ]);
  await ctx.publish(DeadlinesCalculated, {
    serviceType,
    serviceSourceId: ticket.ticket_id,
    deadlineUtc: schedule.deadline.toISOString(),
  });
}

async function remindAgent(
  sql: SqlExecutor,
  record: DeadlineReminderRow,
  agentUserId: string,
  assignedAt: Date,
): Promise<void> {
  const deadline = time(record.deadline_date_utc);
  const reminders = remindersForAssignment(
    {
      first: time(record.first_reminder_date_utc),
      second: time(record.second_reminder_date_utc),
      final: time(record.final_reminder_date_utc),
    },
    deadline,
    assignedAt,
  );
  // Assigned after the deadline: no reminder is due any more (they would come with the breach notice).
  const skip = deadlinePassedAt(deadline, assignedAt);
  await sql.query(
    `UPDATE sla.deadline_reminders SET user_id_to_remind = $2, first_reminder_date_utc = $3,
       second_reminder_date_utc = $4, final_reminder_date_utc = $5, first_reminder_sent = first_reminder_sent OR $6,
       second_reminder_sent = second_reminder_sent OR $6, final_reminder_sent = final_reminder_sent OR $6
     WHERE id = $1`,
    [record.id, agentUserId, reminders.first, reminders.second, reminders.final, skip],
  );
}

/** Unblock: the pause does not count against the team; the deadline and the reminders still due move by it. */
async function resumeClock(
  ctx: HandlerContext,
  record: DeadlineReminderRow,
  pausedMs: number,
): Promise<void> {
  const shift = (date: Date | string, sent: boolean) =>
    sent ? time(date) : shiftByPause(time(date), pausedMs);
  const deadline = shiftByPause(time(record.deadline_date_utc), pausedMs);
  await ctx.tx.query(
    `UPDATE sla.deadline_reminders SET deadline_date_utc = $2, first_reminder_date_utc = $3,
       second_reminder_date_utc = $4, final_reminder_date_utc = $5 WHERE id = $1`,
    [
      record.id,
      deadline,
      shift(record.first_reminder_date_utc, record.first_reminder_sent),
      shift(record.second_reminder_date_utc, record.second_reminder_sent),
      shift(record.final_reminder_date_utc, record.final_reminder_sent),
    ],
  );
  await ctx.publish(DeadlinesCalculated, {
    serviceType: record.service_type,
    serviceSourceId: record.service_source_id,
    deadlineUtc: deadline.toISOString(),
  });
}
