import { z } from 'zod';

// Dates that exist (29 February of leap years only), years 1000 to 9999, seconds with up to microseconds, and an
// offset PostgreSQL accepts (Z or ±hh:mm up to ±15:59; zod's iso.datetime takes up to ±23:59, which PostgreSQL
// refuses with "time zone displacement out of range" — a 500 the fuzzing found).
const LEAP_DAY = '(?:[1-9]\\d(?:[2468][048]|[13579][26]|0[48])|(?:[2468][048]|[13579][26])00)-02-29';
const OTHER_DAY =
  '[1-9]\\d{3}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))';
const TIME = 'T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d{1,6})?';
const OFFSET = '(?:Z|[+-](?:0\\d|1[0-5]):[0-5]\\d)';
const TIMESTAMP = new RegExp(`^(?:${LEAP_DAY}|${OTHER_DAY})${TIME}${OFFSET}$`);

/**
 * A point in time a client sends (ISO 8601 with its offset) that the database can store as it is. One pattern, so
 * the API document states exactly what is accepted.
 */
export const TimestampInput = z
  .string()
  .regex(
    TIMESTAMP,
    'expected an ISO 8601 date-time with an offset up to ±15:59 (Z for UTC), years 1000 to 9999',
  );
