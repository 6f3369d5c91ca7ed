import { describe, expect, it } from 'vitest';
import {
  clampToAssignment,
  computeDeadlineSchedule,
  shiftByPause,
} from '../../../src/services/sla/deadline-schedule.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const createdAt = new Date('2026-01-05T10:00:00.000Z');
const plus = (ms: number) => new Date(createdAt.getTime() + ms);

describe('computeDeadlineSchedule', () => {
  it('counts the deadline from creation, with reminders at +15 min, halfway and 15 min before the deadline', () => {
    const schedule = computeDeadlineSchedule(createdAt, 3 * DAY, plus(5 * MINUTE));
    expect(schedule.deadline).toEqual(plus(3 * DAY));
    expect(schedule.first).toEqual(plus(15 * MINUTE));
    expect(schedule.second).toEqual(plus(1.5 * DAY));
    expect(schedule.final).toEqual(plus(3 * DAY - 15 * MINUTE));
  });

  it('uses +15/+30/+45 min for a deadline within the hour, but never later than the deadline', () => {
    const schedule = computeDeadlineSchedule(createdAt, 30 * MINUTE, plus(MINUTE));
    expect(schedule.deadline).toEqual(plus(30 * MINUTE));
    expect(schedule.first).toEqual(plus(15 * MINUTE));
    expect(schedule.second).toEqual(plus(30 * MINUTE));
    expect(schedule.final).toEqual(plus(30 * MINUTE));
  });

  it('decides "within the hour" from now, not from creation', () => {
    // A 1-day deadline qualified 23.5 hours after creation is less than an hour away.
    const schedule = computeDeadlineSchedule(createdAt, DAY, plus(23.5 * HOUR));
    expect(schedule.second).toEqual(plus(30 * MINUTE));
    expect(schedule.final).toEqual(plus(45 * MINUTE));
  });
});

describe('clampToAssignment', () => {
  const schedule = computeDeadlineSchedule(createdAt, 3 * DAY, createdAt);

  it('moves reminders that would be in the past to the assignment', () => {
    const assignedAt = plus(2 * DAY);
    const reminders = clampToAssignment(schedule, schedule.deadline, assignedAt);
    expect(reminders.first).toEqual(assignedAt);
    expect(reminders.second).toEqual(assignedAt);
    expect(reminders.final).toEqual(schedule.final);
  });

  it('keeps every reminder at or before the deadline, even when assigned after it', () => {
    const reminders = clampToAssignment(schedule, schedule.deadline, plus(4 * DAY));
    expect(Object.values(reminders)).toEqual([schedule.deadline, schedule.deadline, schedule.deadline]);
  });

  it('leaves future reminders alone', () => {
    expect(clampToAssignment(schedule, schedule.deadline, plus(MINUTE))).toEqual({
      first: schedule.first,
      second: schedule.second,
      final: schedule.final,
    });
  });
});

describe('shiftByPause', () => {
  it('moves a date by the paused time', () => {
    expect(shiftByPause(plus(HOUR), 10 * MINUTE)).toEqual(plus(HOUR + 10 * MINUTE));
  });
});
