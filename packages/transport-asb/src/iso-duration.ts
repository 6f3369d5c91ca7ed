/** Service Bus administration takes durations as ISO 8601 (`PT1M`); our options are milliseconds. */
export function isoDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  return `PT${Number.isInteger(seconds) ? seconds : seconds.toFixed(3)}S`;
}
