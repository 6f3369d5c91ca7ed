import type { FaultWindow, LoadItem } from './load-driver.js';

/**
 * From the fault's end to the moment every inquiry accepted before that end has its ticket (0 when they all had
 * one by then); null without a fault, or when one of them never got a ticket (it is counted lost instead).
 */
export function recoveryTime(
  items: readonly LoadItem[],
  fault: FaultWindow | undefined,
  ticketCreatedAt: ReadonlyMap<string, number>,
): number | null {
  if (!fault) return null;
  const before = items.filter((item) => item.id && item.submittedAt < fault.endedAt);
  let last = fault.endedAt;
  for (const item of before) {
    const created = ticketCreatedAt.get(item.id!);
    if (created === undefined) return null;
    last = Math.max(last, created);
  }
  return last - fault.endedAt;
}
