/**
 * Delay before reconnect attempt `attempt` (1-based): exponential growth capped at `maxDelayMs`, with "equal
 * jitter" — half fixed, half random — so many clients cut off together do not return in lockstep.
 */
export function reconnectDelay(attempt: number, initialDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
