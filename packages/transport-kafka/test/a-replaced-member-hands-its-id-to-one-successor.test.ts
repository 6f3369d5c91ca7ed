import { describe, expect, it } from 'vitest';
import { MemberHandOver } from '../src/client/platformatic-member-hand-over.js';

// The cluster drill (faults/) shows what it buys: a member replaced after its coordinator left is back with its
// partitions in 1.5 s instead of 5–6 s. These are the rules of the hand-over itself.
describe('a group member replaced after its coordinator left', () => {
  it('hands its member id to the next member of its group, once', () => {
    const handOver = new MemberHandOver();

    handOver.leave('orders', 'member-1');

    expect(handOver.take('orders')).toBe('member-1');
    expect(handOver.take('orders')).toBeUndefined();
  });

  it('hands nothing to a member of another group', () => {
    const handOver = new MemberHandOver();

    handOver.leave('orders', 'member-1');

    expect(handOver.take('payments')).toBeUndefined();
    expect(handOver.take('orders')).toBe('member-1');
  });

  it('hands nothing when it never got a member id', () => {
    const handOver = new MemberHandOver();

    handOver.leave('orders', null);
    handOver.leave('orders', '');

    expect(handOver.take('orders')).toBeUndefined();
  });
});
