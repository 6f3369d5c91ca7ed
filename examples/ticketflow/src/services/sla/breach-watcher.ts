import { DeadlineReminderDue, SLABreached } from '../../contracts/sla-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import { humanTime } from '../../runtime/human-time.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import type { DeadlineReminderRow } from './deadline-reminder-row.js';

type BreachedRecord = DeadlineReminderRow & { title: string };

// Due for an alert: past the deadline, not resolved, not blocked (the clock is paused), and not alerted within
// the re-alert interval.
const BREACHED_RECORDS = `
  SELECT r.*, t.title FROM sla.deadline_reminders r JOIN sla.tickets t ON t.ticket_id = r.service_source_id
  WHERE NOT r.service_completed AND t.blocked_since IS NULL AND r.deadline_date_utc <= $1
    AND (r.last_deadline_breached_alert_sent_date_utc IS NULL OR r.last_deadline_breached_alert_sent_date_utc <= $2)`;

export function breachAlertText(record: Pick<BreachedRecord, 'title' | 'deadline_date_utc'>) {
  return `SLA breached — “${record.title}” (deadline ${humanTime(record.deadline_date_utc)})`;
}

/**
 * Alerts operators (SLABreached) and the assigned agent (a 'breach' DeadlineReminderDue) about every ticket past its
 * deadline, then again every `realertMs` until it is resolved. One transaction per ticket: alert and "alerted at"
 * commit together.
 */
export async function alertBreaches(context: ServiceContext, now: Clock, realertMs: number): Promise<number> {
  const threshold = () => {
    const at = now();
    return [at, new Date(at.getTime() - realertMs)] as const;
  };
  const candidates = await context.query<{ id: string }>(
    `SELECT id FROM (${BREACHED_RECORDS}) breached LIMIT 100`,
    threshold(),
  );
  let alerted = 0;
  for (const { id } of candidates) {
    alerted += await context.messaging.transaction(async (tx) => {
      const [at, realertBefore] = threshold();
      const { rows } = await tx.query<BreachedRecord>(
        `${BREACHED_RECORDS} AND r.id = $3 FOR UPDATE OF r SKIP LOCKED`,
        [at, realertBefore, id],
      );
      const record = rows[0];
      if (!record) return 0;
      await tx.query(
        `UPDATE sla.deadline_reminders SET deadline_met = false, last_deadline_breached_alert_sent_date_utc = $2
         WHERE id = $1`,
        [record.id, at],
      );
      await publishBreach(context, record);
      return 1;
    });
  }
  return alerted;
}

async function publishBreach(context: ServiceContext, record: BreachedRecord): Promise<void> {
  const { messaging } = context;
  await messaging.publish(SLABreached, {
    serviceType: record.service_type,
    serviceSourceId: record.service_source_id,
    alertMessageContent: breachAlertText(record),
    alertType: 'SLA',
  });
  if (record.user_id_to_remind) {
    await messaging.publish(DeadlineReminderDue, {
      serviceType: record.service_type,
      serviceSourceId: record.service_source_id,
      kind: 'breach',
      userIdToRemind: record.user_id_to_remind,
      deadlineUtc: new Date(record.deadline_date_utc).toISOString(),
      title: record.title,
    });
  }
}
