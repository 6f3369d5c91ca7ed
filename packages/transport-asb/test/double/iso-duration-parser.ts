/** Parses the ISO 8601 durations the administration API takes (`PT1M`, `PT30S`, `P14D`, `PT0.5S`) into ms. */
export function parseIsoDuration(text: string): number {
  const match =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text,
    );
  if (!match || text === 'P' || text.endsWith('T')) throw new Error(`Not an ISO 8601 duration: "${text}"`);
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return (((days! * 24 + hours!) * 60 + minutes!) * 60 + seconds!) * 1000;
}
