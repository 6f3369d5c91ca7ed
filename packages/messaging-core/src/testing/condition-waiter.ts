/**
 * Awaits a condition that becomes true as events happen, without polling or sleeping: whoever changes the
 * state calls `changed()`, which re-checks the waiting conditions. A wait that outlives its timeout rejects
 * with the description and what was observed, so a failing test says why.
 */
export class ConditionWaiter {
  private readonly waiting = new Set<() => void>();

  changed(): void {
    for (const check of [...this.waiting]) check();
  }

  until(
    condition: () => boolean,
    description: string,
    timeoutMs: number,
    observed?: () => string,
  ): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        const detail = observed ? ` (observed: ${observed()})` : '';
        reject(new Error(`Timed out after ${timeoutMs}ms waiting until ${description}${detail}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiting.delete(check);
      };
      this.waiting.add(check);
    });
  }
}
