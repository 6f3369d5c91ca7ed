// Renew when half of the remaining lock has passed, but not more often than this.
const MIN_RENEW_INTERVAL_MS = 500;

/**
 * Keeps a message or session lock alive while a handler runs, so a long handler does not lose its lock and see
 * the message redelivered to someone else. Returns a function that stops renewing.
 */
export function keepLockAlive(
  renew: () => Promise<Date>,
  lockedUntil: Date | undefined,
  onLost: (error: unknown) => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (until: Date | undefined) => {
    if (stopped || !until) return;
    const wait = Math.max(MIN_RENEW_INTERVAL_MS, (until.getTime() - Date.now()) / 2);
    timer = setTimeout(() => {
      renew().then(
        (next) => schedule(next),
        (error: unknown) => {
          if (!stopped) onLost(error);
        },
      );
    }, wait);
    timer.unref();
  };
  schedule(lockedUntil);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
