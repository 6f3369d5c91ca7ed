/** .NET's TimeSpan.MaxValue as Service Bus writes it: "never" for TTLs and auto-delete. */
export const MAX_DURATION = 'P10675199DT2H48M5.4775807S';
const MAX_DAYS = 10_675_199;

const PATTERN =
  /^P(?:(?<years>\d+)Y)?(?:(?<months>\d+)M)?(?:(?<weeks>\d+)W)?(?:(?<days>\d+)D)?(?:T(?:(?<hours>\d+)H)?(?:(?<minutes>\d+)M)?(?:(?<seconds>\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO 8601 duration (`PT1M`, `P1DT2H`, …); Infinity for Service Bus's "never". */
export function durationMs(iso: string): number {
  const match = PATTERN.exec(iso.trim());
  if (!match || iso.trim() === 'P' || iso.trim().endsWith('T')) {
    throw new TypeError(`'${iso}' is not an ISO 8601 duration`);
  }
  const part = (name: string) => Number(match.groups?.[name] ?? 0);
  const days = part('years') * 365 + part('months') * 30 + part('weeks') * 7 + part('days');
  if (days >= MAX_DAYS) return Number.POSITIVE_INFINITY;
  return ((days * 24 + part('hours')) * 60 + part('minutes')) * 60_000 + Math.round(part('seconds') * 1000);
}
