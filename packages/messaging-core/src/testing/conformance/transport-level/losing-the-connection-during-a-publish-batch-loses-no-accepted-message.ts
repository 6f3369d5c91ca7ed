import { expect } from 'vitest';
import type { TransportMessage } from '../../../contracts/transport-message.js';
import type { Transport } from '../../../transport/transport.js';
import type { ConformanceSituation } from '../conformance-situation.js';

const BATCH = 40;

/** A send that rejects is the caller's to retry (an outbox does exactly this); one that resolves is kept. */
async function sendUntilAccepted(transport: Transport, batch: readonly TransportMessage[]): Promise<number> {
  for (let tries = 1; ; tries++) {
    try {
      await transport.send(batch);
      return tries;
    } catch (error) {
      if (tries >= 20) throw error;
    }
  }
}

export const losingTheConnectionDuringAPublishBatchLosesNoAcceptedMessage: ConformanceSituation = {
  title: 'losing the connection during a publish batch loses no message of a batch the transport accepted',
  level: 'transport',
  async run(f) {
    const transport = await f.transport();
    const raw = f.rawEndpoint('batch-loss');
    await transport.provision(raw.topology);
    // Acks in flight at the loss may be refused; those messages come back, which the count below allows.
    f.expectSettlementFailures('consumer');
    await f.consume(transport, raw.endpoint, 'consumer');
    const batch = Array.from({ length: BATCH }, (_, seq) => f.rawMessage(raw, { key: `key-${seq % 4}` }));

    // The cut lands while the batch is on its way: the send resolves (all accepted) or rejects (retried whole).
    const sending = sendUntilAccepted(transport, batch);
    await transport.simulateConnectionLoss();
    await sending;
    // And a batch sent right after the loss, while the transport may still be reconnecting.
    const after = Array.from({ length: BATCH / 4 }, () => f.rawMessage(raw));
    await sendUntilAccepted(transport, after);

    const handledIds = () => new Set(f.handed.map((entry) => entry.delivery.message.id));
    const expected = [...batch, ...after].map((message) => message.id);
    await f.until(
      () => expected.every((id) => handledIds().has(id)),
      `every message of both batches (${expected.length}) is handed out`,
    );
    expect(handledIds().size).toBe(expected.length);
    await f.until(() => transport.health().status === 'connected', 'the transport reports connected');
  },
};
