import { expect, it } from 'vitest';
import { Headers } from '../../contracts/headers.js';
import type { ConformanceFixture } from './conformance-fixture.js';

type Fixture = () => ConformanceFixture;

/** Items 5–7: crashes, failing handlers and poison messages. */
export function failureConformance(fixture: Fixture): void {
  it('5. at-least-once: a consumer that dies before ack has the message delivered again', async () => {
    const f = fixture();
    const contract = f.contract('crash');
    const endpoint = f.name('crashy');
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let release!: () => void;
    const neverUntilReleased = new Promise<void>((resolve) => {
      release = resolve;
    });
    const doomed = await f.bus('doomed', (bus) =>
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, async () => {
        started();
        await neverUntilReleased;
      }),
    );
    const producer = await f.bus('producer', () => {}, { publishes: [contract] });
    const sent = f.sample(1);
    await producer.publish(contract, sent);
    await handlerStarted;

    // The process "dies": its connection goes away with the message unacknowledged (its ack cannot happen).
    f.expectSettlementFailures('doomed');
    await doomed.transport.close();
    await f.bus('survivor', (bus) =>
      bus.endpoint(endpoint, { concurrency: 1 }).on(contract, f.recorder('survivor')),
    );
    await f.until(() => f.receivedBy('survivor').length === 1, 'the survivor gets the message again');
    expect(f.receivedBy('survivor')[0]!.message).toEqual(sent);
    release();
  });

  it('6. delayed retry: retried after each configured delay, then dead-lettered with the error in headers', async () => {
    const f = fixture();
    const contract = f.contract('retry');
    const endpoint = f.name('retrying');
    const delays = [300, 600];
    const runs: { attempt: number; at: number }[] = [];
    let failing = true;
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(endpoint, { concurrency: 1, retry: { immediate: 1, delays } }).on(
          contract,
          f.recorder('consumer', (_message, context) => {
            runs.push({ attempt: context.attempt, at: Date.now() });
            if (failing) throw new Error('boom: the handler failed');
          }),
        ),
      { publishes: [contract] },
    );
    const sent = f.sample(1);
    await bus.publish(contract, sent);
    await f.untilEvent((event) => event.kind === 'dead-lettered', 'the message is dead-lettered');

    // 3 deliveries (first + 2 delayed), each with 1 immediate retry.
    expect(runs.map((run) => run.attempt)).toEqual([1, 1, 2, 2, 3, 3]);
    const early = f.options.earlyDelayToleranceMs ?? 50;
    const late = f.options.lateDelayToleranceMs ?? 5_000;
    for (const [index, delay] of delays.entries()) {
      const gap = runs[index * 2 + 2]!.at - runs[index * 2 + 1]!.at;
      expect(gap, `gap before delayed retry ${index + 1}`).toBeGreaterThanOrEqual(delay - early);
      expect(gap, `gap before delayed retry ${index + 1}`).toBeLessThanOrEqual(delay + late);
    }

    const [deadLetter, ...others] = await bus.deadLetters(endpoint).list();
    expect(others).toEqual([]);
    expect(deadLetter!.message.id).toBe(f.events.find((event) => event.kind === 'dead-lettered')!.messageId);
    expect(deadLetter!.failure).toMatchObject({
      reason: 'Error',
      message: 'boom: the handler failed',
      endpoint,
      attempts: 3,
    });
    expect(deadLetter!.message.headers[Headers.failureStack]).toContain('boom');

    // Replay after the cause is fixed: handled once, with a fresh attempt count, and the queue is empty.
    failing = false;
    expect(await bus.deadLetters(endpoint).replay()).toBe(1);
    await f.until(() => f.receivedBy('consumer').length === 1, 'the replayed message is handled');
    expect(f.receivedBy('consumer')[0]!.message).toEqual(sent);
    expect(f.receivedBy('consumer')[0]!.context.attempt).toBe(1);
    expect(f.receivedBy('consumer')[0]!.context.headers[Headers.replayCount]).toBe('1');
    expect(await bus.deadLetters(endpoint).list()).toEqual([]);
  });

  it('7. poison input goes to the dead-letter queue without retries; the consumer keeps running', async () => {
    const f = fixture();
    const contract = f.contract('poison');
    const endpoint = f.name('poisoned');
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(endpoint, { retry: { immediate: 3, delays: [100] } }).on(contract, f.recorder('consumer')),
      { publishes: [contract] },
    );
    const raw = (id: string, body: string) => ({
      id,
      type: contract.type,
      topic: contract.topic,
      key: 'k',
      headers: { [Headers.contentType]: 'application/json', [Headers.attempt]: '1' },
      body: new TextEncoder().encode(body),
      timestamp: Date.now(),
    });
    await bus.transport.send([raw('not-json', '{"id": oops'), raw('wrong-shape', '{"id": 1}')]);
    await bus.publish(contract, f.sample(3));
    await f.until(
      () =>
        f.received.length === 1 && f.events.filter((event) => event.kind === 'dead-lettered').length === 2,
      'two poison messages dead-lettered and the good one handled',
    );
    const deadLetters = await bus.deadLetters(endpoint).list();
    const reasons = Object.fromEntries(deadLetters.map((entry) => [entry.message.id, entry.failure.reason]));
    expect(reasons).toEqual({ 'not-json': 'DECODE_FAILED', 'wrong-shape': 'VALIDATION_FAILED' });
    expect(deadLetters.find((entry) => entry.message.id === 'wrong-shape')!.failure.message).toContain('seq');
    // Never retried: exactly one failure each, no delayed retry scheduled.
    expect(f.events.filter((event) => event.kind === 'failed')).toHaveLength(2);
    expect(f.events.filter((event) => event.kind === 'retry-scheduled')).toEqual([]);
  });
}
