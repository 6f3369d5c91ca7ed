import type { Logger } from '@pragmatic-messaging/core';

/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow run delays the next instead of piling up).
 * A failed run is logged with the task's name and the next one tries again; stopping waits for a run in progress.
 */
export function startPeriodicTask(
  name: string,
  intervalMs: number,
  work: () => Promise<void>,
  logger: Logger,
): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = work()
        .catch((error: unknown) =>
          logger.error({ task: name, err: error }, `${name} failed; retrying next interval`),
        )
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
