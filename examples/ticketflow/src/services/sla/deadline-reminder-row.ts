import type { SlaServiceType } from './signed-sla.js';

/** A row of sla.deadline_reminders. */
export interface DeadlineReminderRow {
  id: string;
  service_type: SlaServiceType;
  service_source_id: string;
  service_last_known_version: number;
  user_id_to_remind: string | null;
  first_reminder_date_utc: Date | string;
  second_reminder_date_utc: Date | string;
  final_reminder_date_utc: Date | string;
  first_reminder_sent: boolean;
  second_reminder_sent: boolean;
  final_reminder_sent: boolean;
  deadline_met: boolean | null;
  service_completed: boolean;
  deadline_date_utc: Date | string;
  last_deadline_breached_alert_sent_date_utc: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The DeadlineReminders record as the HTTP API returns it (the original's fields, camelCase). */
export function deadlineRemindersEntry(row: DeadlineReminderRow) {
  return {
    id: row.id,
    serviceType: row.service_type,
    serviceSourceId: row.service_source_id,
    serviceLastKnownVersion: row.service_last_known_version,
    userIdToRemind: row.user_id_to_remind,
    firstReminderDateUtc: iso(row.first_reminder_date_utc),
    secondReminderDateUtc: iso(row.second_reminder_date_utc),
    finalReminderDateUtc: iso(row.final_reminder_date_utc),
    firstReminderSent: row.first_reminder_sent,
    secondReminderSent: row.second_reminder_sent,
    finalReminderSent: row.final_reminder_sent,
    deadlineMet: row.deadline_met,
    serviceCompleted: row.service_completed,
    deadlineDateUtc: iso(row.deadline_date_utc),
    lastDeadlineBreachedAlertSentDateUtc:
      row.last_deadline_breached_alert_sent_date_utc === null
        ? null
        : iso(row.last_deadline_breached_alert_sent_date_utc),
    // The original's EF entities reported whether they were unsaved; a stored record never is.
    isTransient: false,
  };
}
