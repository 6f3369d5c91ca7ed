import { describe, expect, it } from 'vitest';
import type { LoadItem } from '../../src/compare/load-driver.js';
import { recoveryTime } from '../../src/compare/recovery-time.js';

const item = (id: string | undefined, submittedAt: number): LoadItem => ({
  id,
  submittedAt,
  title: `t ${id}`,
  email: 'e@example.com',
  incident: false,
});

describe('recovery time', () => {
  const fault = { startedAt: 1_000, endedAt: 5_000 };

  it('runs from the fault’s end to the last ticket of the inquiries accepted before that end', () => {
    const items = [item('a', 500), item('b', 2_000), item('late', 6_000)];
    const created = new Map([
      ['a', 700],
      ['b', 7_500],
      // Accepted after the fault ended: not part of what had to recover.
      ['late', 20_000],
    ]);
    expect(recoveryTime(items, fault, created)).toBe(2_500);
  });

  it('is 0 when every such inquiry had its ticket by the end of the fault, null without a fault', () => {
    const items = [item('a', 500), item(undefined, 900)];
    expect(recoveryTime(items, fault, new Map([['a', 600]]))).toBe(0);
    expect(recoveryTime(items, undefined, new Map([['a', 600]]))).toBeNull();
  });

  it('is null when one of them never got a ticket (it is counted lost, not recovered)', () => {
    expect(recoveryTime([item('a', 500), item('b', 2_000)], fault, new Map([['a', 600]]))).toBeNull();
  });
});
