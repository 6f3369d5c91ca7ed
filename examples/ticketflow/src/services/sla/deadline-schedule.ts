const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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
 * The deadline counts from the ticket's creation (not its qualification). Reminders: first 15 min after creation,
 * second halfway to the deadline, final 15 min before it; a deadline within the hour gets the original's fixed
 * +15/+30/+45 min instead. No reminder is later than the deadline: a reminder after it would be a breach notice.
 */
export function computeDeadlineSchedule(createdAt: Date, spanMs: number, now: Date): DeadlineSchedule {
  const base = createdAt.getTime();
  const deadline = base + spanMs;
  const soon = deadline <= now.getTime() + HOUR;
  const reminders = soon
    ? [base + 15 * MINUTE, base + 30 * MINUTE, base + 45 * MINUTE]
    : [base + 15 * MINUTE, base + spanMs / 2, deadline - 15 * MINUTE];
  const [first, second, final] = reminders.map((time) => at(Math.min(time, deadline))) as [Date, Date, Date];
  return { deadline: at(deadline), first, second, final };
}

/**
 * Reminders of a newly assigned agent: none before the assignment (the agent could not have acted on it) and
 * none after the deadline. When the deadline has already passed, they are due at once.
 */
export function clampToAssignment(reminders: ReminderDates, deadline: Date, assignedAt: Date): ReminderDates {
  const clamp = (date: Date) =>
    at(Math.min(Math.max(date.getTime(), assignedAt.getTime()), deadline.getTime()));
  return { first: clamp(reminders.first), second: clamp(reminders.second), final: clamp(reminders.final) };
}

/** Blocking pauses the SLA clock: on unblock the deadline and the reminders still to come move by the pause. */
export function shiftByPause(date: Date, pausedMs: number): Date {
  return at(date.getTime() + pausedMs);
}
