import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

const SHUTDOWN_TIMEOUT_MS = 300;

export const aHandlerThatOutlivesTheShutdownTimeoutIsAbortedAndItsMessageDeliveredAgain: ConformanceSituation =
  {
    title:
      'a handler that outlives the shutdown timeout sees its signal aborted, and its message is delivered again',
    level: 'bus',
    async run(f) {
      const contract = f.contract('overrun');
      const endpoint = f.name('overrun');
      let started = false;
      let aborted = false;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const stubborn = await f.bus(
        'stubborn',
        (b) =>
          b.endpoint(endpoint, { concurrency: 1 }).on(contract, async (_message, context) => {
            context.signal.addEventListener('abort', () => {
              aborted = true;
            });
            started = true;
            f.changed();
            await gate;
            throw new Error('stopped before finishing');
          }),
        { shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS },
      );
      const producer = await f.bus('producer', () => {}, { publishes: [contract] });
      const sent = f.sample(1);
      await producer.publish(contract, sent);
      await f.until(() => started, 'the handler is running');
      // Its settlement comes after the transport closed, or not at all: the broker gives the message back.
      f.expectSettlementFailures('stubborn');
      const stoppedAt = Date.now();
      try {
        await stubborn.stop();
        expect(aborted, "the handler's signal aborted at the timeout").toBe(true);
        expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(SHUTDOWN_TIMEOUT_MS - 50);
      } finally {
        release();
      }

      await f.bus('successor', (b) =>
        b.endpoint(endpoint, { concurrency: 1 }).on(contract, f.recorder('successor')),
      );
      await f.until(
        () => f.receivedBy('successor').length === 1,
        'the message is delivered to the successor',
      );
      expect(f.receivedBy('successor')[0]!.message).toEqual(sent);
    },
  };
