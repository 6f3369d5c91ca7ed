import { Headers } from '../contracts/headers.js';
import type { Delivery, DeliveryHandler, Transport } from '../transport/transport.js';
import type { FaultRegistry } from './fault-registry.js';

const noop = async () => {};
const REORDERED = 'INJECTED_REORDER';

/**
 * Wraps a transport's delivery handler with the delivery-level faults: duplicates, reordering, a crash before
 * the ack, a dropped connection. They act on the real delivery and the real transport, so what follows is what the
 * broker does.
 */
export function withDeliveryFaults(
  handle: DeliveryHandler,
  faults: FaultRegistry,
  service: string,
  transport: Transport,
): DeliveryHandler {
  // A crash is simulated once per message; the redelivery it causes must be able to succeed.
  const crashed = new Set<string>();
  return async (delivery) => {
    const target = { service, type: delivery.message.type };
    if (faults.take('transport.connection-drop', target)) {
      // This delivery dies with the connection: the broker has it again (or gets it back here, where the
      // transport can still hand it back) and redelivers it once the transport has reconnected.
      await transport.simulateConnectionLoss();
      await delivery.release().catch(() => {});
      return;
    }
    // A held-back message comes back marked; it is not held again, or it would never arrive.
    const heldBefore = delivery.message.headers[Headers.failureReason] === REORDERED;
    const reorder = !heldBefore && faults.take('delivery.reorder', target);
    if (reorder) {
      await delivery.retryLater(reorder.delayMs ?? 1_000, {
        reason: REORDERED,
        message: 'Held back by an injected reorder fault',
        endpoint: '',
        attempts: delivery.attempt,
      });
      return;
    }
    if (faults.take('delivery.duplicate', target)) {
      // The first copy is handled for real but settles nowhere, like a duplicate the broker already forgot.
      await handle(withVerbs(delivery, { ack: noop, retryLater: noop, deadLetter: noop, release: noop }));
    }
    if (!crashed.has(delivery.message.id) && faults.take('delivery.crash-before-ack', target)) {
      crashed.add(delivery.message.id);
      const release = () => delivery.release();
      await handle(withVerbs(delivery, { ack: release, retryLater: release, deadLetter: release, release }));
      return;
    }
    await handle(delivery);
  };
}

type SettlementVerbs = Pick<Delivery, 'ack' | 'retryLater' | 'deadLetter' | 'release'>;

/**
 * The same delivery with other settlement verbs. Not a spread: a transport's delivery may be a class whose
 * `signal`, `redelivered` and `spanAttributes` live on its prototype, which a spread leaves behind.
 */
function withVerbs(delivery: Delivery, verbs: SettlementVerbs): Delivery {
  const { message, attempt, redelivered, signal } = delivery;
  const spanAttributes = delivery.spanAttributes?.bind(delivery);
  return {
    message,
    attempt,
    redelivered,
    ...(signal ? { signal } : {}),
    ...(spanAttributes ? { spanAttributes } : {}),
    ...verbs,
  };
}
