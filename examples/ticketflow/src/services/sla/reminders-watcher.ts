import { DeadlineReminderDue } from '../../contracts/sla-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import type { DeadlineReminderRow } from './deadline-reminder-row.js';

const REMINDERS = [
  { kind: 'first', date: 'first_reminder_date_utc', sent: 'first_reminder_sent' },
  { kind: 'second', date: 'second_reminder_date_utc', sent: 'second_reminder_sent' },
  { kind: 'final', date: 'final_reminder_date_utc', sent: 'final_reminder_sent' },
] as const;

const isDue = REMINDERS.map(({ date, sent }) => `(NOT r.${sent} AND r.${date} <= $1)`).join(' OR ');

// Reminders stop while the ticket is blocked (the SLA clock is paused) and once it is resolved.
const DUE_RECORDS = `
  SELECT r.*, t.title FROM sla.deadline_reminders r JOIN sla.tickets t ON t.ticket_id = r.service_source_id
  WHERE NOT r.service_completed AND r.user_id_to_remind IS NOT NULL AND t.blocked_since IS NULL AND (${isDue})`;

/**
 * Sends every reminder whose time has come, each record in its own transaction: the DeadlineReminderDue and the
 * "sent" flag commit together (outbox), so a reminder is neither lost nor sent twice. SKIP LOCKED lets several SLA
 * instances share the work.
 */
export async function sendDueReminders(context: ServiceContext, now: Clock): Promise<number> {
  const candidates = await context.query<{ id: string }>(`SELECT id FROM (${DUE_RECORDS}) due LIMIT 100`, [
    now(),
  ]);
  let sent = 0;
  for (const { id } of candidates) {
    sent += await context.messaging.transaction(async (tx) => {
      const at = now();
      const { rows } = await tx.query<DeadlineReminderRow & { title: string }>(
        `${DUE_RECORDS} AND r.id = $2 FOR UPDATE OF r SKIP LOCKED`,
        [at, id],
      );
      const record = rows[0];
      if (!record?.user_id_to_remind) return 0;
      const due = REMINDERS.filter(({ date, sent }) => !record[sent] && new Date(record[date]) <= at);
      for (const reminder of due) {
        await context.messaging.publish(DeadlineReminderDue, {
          serviceType: record.service_type,
          serviceSourceId: record.service_source_id,
          kind: reminder.kind,
          userIdToRemind: record.user_id_to_remind,
          deadlineUtc: new Date(record.deadline_date_utc).toISOString(),
          title: record.title,
        });
        await tx.query(`UPDATE sla.deadline_reminders SET ${reminder.sent} = true WHERE id = $1`, [
          record.id,
        ]);
      }
      return due.length;
    });
  }
  return sent;
}
