import type { Locator } from 'playwright-core';

/** Waits for a locator to reach a state, failing with what the test was waiting for (not a bare timeout). */
export async function waitFor(
  locator: Locator,
  what: string,
  {
    timeoutMs = 15_000,
    state = 'visible',
  }: { timeoutMs?: number; state?: 'visible' | 'attached' | 'detached' | 'hidden' } = {},
): Promise<Locator> {
  try {
    await locator.first().waitFor({ state, timeout: timeoutMs });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what} (${state}): ${reason}`);
  }
  return locator.first();
}
