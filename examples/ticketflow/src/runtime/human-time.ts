const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * A moment as people read it in a message, e.g. "Tue 5 Jan 2026, 10:30 UTC". Messages are stored as text and read
 * by a team across time zones, so the time is in UTC and says so.
 */
export function humanTime(value: Date | string): string {
  const parts = Object.fromEntries(
    FORMAT.formatToParts(new Date(value)).map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} UTC`;
}
