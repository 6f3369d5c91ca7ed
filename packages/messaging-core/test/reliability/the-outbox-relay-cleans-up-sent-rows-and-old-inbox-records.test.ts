import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { relayUnderTest, START, settle } from '../support/relay-under-test.js';

describe('the outbox relay cleans up sent rows and old inbox records', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('every cleanup interval it asks the store to delete what is past its retention', async () => {
    const { relay, store } = relayUnderTest(
      { cleanupIntervalMs: 10_000, sentRetentionMs: 5_000 },
      { inboxRetentionMs: 86_400_000 },
    );
    const cleanup = vi.spyOn(store, 'cleanup');
    await relay.start();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(cleanup).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(cleanup).toHaveBeenCalledTimes(1);
    expect(cleanup).toHaveBeenCalledWith({ sentRetentionMs: 5_000, inboxRetentionMs: 86_400_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(cleanup).toHaveBeenCalledTimes(2);
    await relay.stop();
  });

  it('runs every minute and keeps sent rows an hour unless told otherwise', async () => {
    const { relay, store } = relayUnderTest({}, { inboxRetentionMs: 1_000 });
    const cleanup = vi.spyOn(store, 'cleanup');
    await relay.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(cleanup).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(cleanup).toHaveBeenCalledWith({ sentRetentionMs: 3_600_000, inboxRetentionMs: 1_000 });
    await relay.stop();
  });

  it('a cleanup that fails is logged and tried again at the next interval', async () => {
    const { relay, store, logger } = relayUnderTest({ cleanupIntervalMs: 1_000, pollIntervalMs: 3_600_000 });
    const failure = new Error('connect ECONNREFUSED');
    const cleanup = vi.spyOn(store, 'cleanup').mockRejectedValueOnce(failure);
    await relay.start();
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        fields: { err: failure },
        message: 'Outbox/inbox cleanup failed; retrying at the next interval',
      },
    ]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cleanup).toHaveBeenCalledTimes(2);
    expect(logger.entries).toHaveLength(1);
    await relay.stop();
  });
});
