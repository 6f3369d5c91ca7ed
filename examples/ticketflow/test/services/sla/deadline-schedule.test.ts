import { describe, expect, it } from 'vitest';
import {
  computeDeadlineSchedule,
  deadlinePassedAt,
  remindersForAssignment,
  shiftByPause,
} from '../../../src/services/sla/deadline-schedule.js';
import { DEVMENTORS_SLA } from '../../../src/services/sla/signed-sla.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const createdAt = new Date('2026-01-05T10:00:00.000Z');
const plus = (ms: number) => new Date(createdAt.getTime() + ms);

describe('computeDeadlineSchedule', () => {
  it('counts the deadline from creation, with reminders at +15 min, halfway and 15 min before the deadline', () => {
    const schedule = computeDeadlineSchedule(createdAt, 3 * DAY);
    expect(schedule.deadline).toEqual(plus(3 * DAY));
    expect(schedule.first).toEqual(plus(15 * MINUTE));
    expect(schedule.second).toEqual(plus(1.5 * DAY));
    expect(schedule.final).toEqual(plus(3 * DAY - 15 * MINUTE));
  });

  it('gives a one-hour deadline the original +15/+30/+45 min', () => {
    const schedule = computeDeadlineSchedule(createdAt, HOUR);
    expect([schedule.first, schedule.second, schedule.final]).toEqual([
      plus(15 * MINUTE),
      plus(30 * MINUTE),
      plus(45 * MINUTE),
    ]);
  });

  it('spreads the reminders of a short VIP deadline over its quarters, all before the deadline', () => {
    // DevMentors VIP, High: 3 minutes. The original sent all three at the deadline, with the breach.
    const span = DEVMENTORS_SLA.responseDeadlines.IncidentTicket!.High!;
    expect(span).toBe(3 * MINUTE);
    const schedule = computeDeadlineSchedule(createdAt, span);
    expect([schedule.first, schedule.second, schedule.final]).toEqual([
      plus(45 * SECOND),
      plus(90 * SECOND),
      plus(135 * SECOND),
    ]);
    expect(schedule.deadline).toEqual(plus(3 * MINUTE));
  });

  it('keeps every span in order: first < second < final < deadline', () => {
    for (const span of [30 * SECOND, MINUTE, 15 * MINUTE, 30 * MINUTE, 2 * HOUR, 7 * DAY]) {
      const { first, second, final, deadline } = computeDeadlineSchedule(createdAt, span);
      expect(createdAt < first && first < second && second < final && final < deadline, `span ${span}`).toBe(
        true,
      );
    }
  });
});

describe('remindersForAssignment', () => {
  const schedule = computeDeadlineSchedule(createdAt, 3 * DAY);

  it('leaves a schedule that is still ahead alone', () => {
    expect(remindersForAssignment(schedule, schedule.deadline, plus(MINUTE))).toEqual({
      first: schedule.first,
      second: schedule.second,
      final: schedule.final,
    });
  });

  it('spreads the reminders again between the assignment and the deadline when some are past', () => {
    const assignedAt = plus(2 * DAY);
    const reminders = remindersForAssignment(schedule, schedule.deadline, assignedAt);
    expect(reminders.first).toEqual(plus(2 * DAY + 15 * MINUTE));
    expect(reminders.second).toEqual(plus(2.5 * DAY));
    expect(reminders.final).toEqual(plus(3 * DAY - 15 * MINUTE));
  });

  it('keeps a VIP assignment a minute before the deadline from reminding three times at once', () => {
    const vip = computeDeadlineSchedule(createdAt, 3 * MINUTE);
    const reminders = remindersForAssignment(vip, vip.deadline, plus(2 * MINUTE));
    expect([reminders.first, reminders.second, reminders.final]).toEqual([
      plus(2 * MINUTE + 15 * SECOND),
      plus(2 * MINUTE + 30 * SECOND),
      plus(2 * MINUTE + 45 * SECOND),
    ]);
  });

  it('tells an assignment after the deadline apart: nothing left to remind of', () => {
    expect(deadlinePassedAt(schedule.deadline, plus(4 * DAY))).toBe(true);
    expect(deadlinePassedAt(schedule.deadline, plus(DAY))).toBe(false);
  });
});

describe('shiftByPause', () => {
  it('moves a date by the paused time', () => {
    expect(shiftByPause(plus(HOUR), 10 * MINUTE)).toEqual(plus(HOUR + 10 * MINUTE));
  });
});
