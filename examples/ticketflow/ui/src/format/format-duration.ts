/** "1d 2h 3m 4s" for a positive span; leading zero units are left out. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.floor(milliseconds / 1000));
  const units: [number, string][] = [
    [Math.floor(totalSeconds / 86_400), 'd'],
    [Math.floor((totalSeconds % 86_400) / 3600), 'h'],
    [Math.floor((totalSeconds % 3600) / 60), 'm'],
    [totalSeconds % 60, 's'],
  ];
  const firstNonZero = units.findIndex(([value]) => value > 0);
  const shown = firstNonZero === -1 ? units.slice(-1) : units.slice(firstNonZero);
  return shown.map(([value, unit]) => `${value}${unit}`).join(' ');
}
