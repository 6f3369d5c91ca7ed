import { describe, expect, it } from 'vitest';
import { FaultRegistry } from '../../src/faults/fault-registry.js';
import { withDeliveryFaults } from '../../src/faults/faulty-delivery.js';
import type { Delivery, Transport, TransportMessage } from '../../src/index.js';

/** A delivery written as a class, as the RabbitMQ and Service Bus transports write theirs. */
class ClassDelivery implements Delivery {
  readonly attempt = 1;
  readonly settlements: string[] = [];
  private readonly lost = new AbortController();

  constructor(readonly message: TransportMessage) {}

  get redelivered(): boolean {
    return true;
  }

  get signal(): AbortSignal {
    return this.lost.signal;
  }

  spanAttributes() {
    return { 'test.delivery': this.message.id };
  }

  async ack() {
    this.settlements.push('ack');
  }

  async release() {
    this.settlements.push('release');
  }

  async retryLater() {
    this.settlements.push('retry');
  }

  async deadLetter() {
    this.settlements.push('dead-letter');
  }
}

const message: TransportMessage = {
  id: 'm-1',
  type: 'ticket.created',
  topic: 'tickets',
  headers: {},
  body: new Uint8Array(),
  timestamp: 1,
};

describe('an injected delivery fault', () => {
  it.each([
    ['delivery.duplicate', ['ack']],
    ['delivery.crash-before-ack', ['release']],
  ] as const)(
    '%s hands the handler the signal, redelivery flag and span attributes of a class delivery',
    async (point, settled) => {
      const faults = new FaultRegistry();
      faults.add({ point, messageType: message.type });
      const delivery = new ClassDelivery(message);
      const seen: Delivery[] = [];
      const handle = withDeliveryFaults(
        async (handed) => {
          seen.push(handed);
          await handed.ack();
        },
        faults,
        'faults',
        {} as Transport,
      );

      await handle(delivery);

      const faulty = seen[0]!;
      expect(faulty).not.toBe(delivery);
      expect(faulty.signal).toBe(delivery.signal);
      expect(faulty.redelivered).toBe(true);
      expect(faulty.spanAttributes?.()).toEqual({ 'test.delivery': 'm-1' });
      // The duplicate settles nowhere and the real delivery is acked after it; the crash gives the message back.
      expect(delivery.settlements).toEqual(settled);
    },
  );
});
