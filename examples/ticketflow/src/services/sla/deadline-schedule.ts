const MINUTE = 60_000;
/** How far the first reminder comes after the start and the final one before the deadline (TICKETFLOW.md). */
const REMINDER_MARGIN_MS = 15 * MINUTE;

/** When a ticket is due and when its agent gets reminded. */
export interface DeadlineSchedule {
  readonly deadline: Date;
  readonly first: Date;
  readonly second: Date;
  readonly final: Date;
}

export type ReminderDates = Pick<DeadlineSchedule, 'first' | 'second' | 'final'>;

const at = (time: number) => new Date(time);

/**
 * Three reminders between `start` and the deadline: the first 15 min after the start, the second halfway, the
 * final 15 min before the deadline. A window shorter than an hour uses a quarter of it instead of 15 min, so the
 * three stay apart and before the deadline: a VIP ticket due in 3 minutes is reminded after 45 s, 90 s and 135 s
 * rather than three times at its deadline together with the breach (what the original's fixed +15/+30/+45 min,
 * clamped to the deadline, did).
 */
export function remindersBetween(start: Date, deadline: Date): ReminderDates {
  const from = start.getTime();
  const window = Math.max(0, deadline.getTime() - from);
  const margin = Math.min(REMINDER_MARGIN_MS, window / 4);
  return { first: at(from + margin), second: at(from + window / 2), final: at(from + window - margin) };
}

/** The deadline counts from the ticket's creation (not its qualification); the reminders spread up to it. */
export function computeDeadlineSchedule(createdAt: Date, spanMs: number): DeadlineSchedule {
  const deadline = at(createdAt.getTime() + spanMs);
  return { deadline, ...remindersBetween(createdAt, deadline) };
}

/**
 * Reminders of a newly assigned agent: none in the past relative to the assignment (they would all arrive at
 * once). When every reminder is still ahead, the schedule stands; otherwise the three are spread again between
 * the assignment and the deadline. See `deadlinePassedAt` for an assignment after the deadline.
 */
export function remindersForAssignment(
  reminders: ReminderDates,
  deadline: Date,
  assignedAt: Date,
): ReminderDates {
  const ahead = [reminders.first, reminders.second, reminders.final].every(
    (date) => date.getTime() >= assignedAt.getTime(),
  );
  const { first, second, final } = reminders;
  return ahead ? { first, second, final } : remindersBetween(assignedAt, deadline);
}

/** Assigned after the deadline: there is nothing left to remind of; the breach notice tells the agent. */
export function deadlinePassedAt(deadline: Date, assignedAt: Date): boolean {
  return deadline.getTime() <= assignedAt.getTime();
}

/** Blocking pauses the SLA clock: on unblock the deadline and the reminders still to come move by the pause. */
export function shiftByPause(date: Date, pausedMs: number): Date {
  return at(date.getTime() + pausedMs);
}
