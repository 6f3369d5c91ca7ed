/**
 * Waits until an assertion about the system's visible state holds — state that changes as messages flow, with no
 * event to await from outside the process (over HTTP, in the database). Re-runs `check` every `intervalMs` until
 * it does not throw and returns what it returned; after `timeoutMs` fails naming `description` with the last
 * assertion error as its cause. Where an event can be awaited (a bus event, a promise), await it instead.
 */
export async function eventually<T>(
  description: string,
  check: () => Promise<T>,
  { timeoutMs = 20_000, intervalMs = 50 }: { readonly timeoutMs?: number; readonly intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Timed out after ${timeoutMs} ms waiting until ${description}: ${reason}`, {
          cause: error,
        });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
