import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';

export const aConnectionCutMidStreamIsRecoveredAndNoMessageIsLost: ConformanceSituation = {
  title: 'a connection cut from outside mid-stream is recovered by the transport and no message is lost',
  level: 'bus',
  async run(f) {
    const contract = f.contract('flaky');
    const total = 200;
    const bus = await f.bus(
      'consumer',
      (b) => b.endpoint(f.name('flaky'), { concurrency: 4 }).on(contract, f.recorder('consumer')),
      { publishes: [contract] },
    );
    const publishUntilAccepted = (seq: number) =>
      f.publishUntilAccepted(bus, contract, { ...f.sample(seq, `key-${seq % 10}`), id: `msg-${seq}` });
    for (let seq = 0; seq < total / 2; seq++) await publishUntilAccepted(seq);
    await f.until(() => f.received.length >= total / 4, 'a quarter handled before the cut');
    // Acks in flight when the connection goes are refused; those messages come back (counted below).
    f.expectSettlementFailures('consumer');
    await (f.options.cutConnection ?? ((transport) => transport.simulateConnectionLoss()))(bus.transport);
    for (let seq = total / 2; seq < total; seq++) await publishUntilAccepted(seq);

    const handledIds = () => new Set(f.received.map((entry) => entry.message.id));
    await f.until(
      () => handledIds().size === total,
      `all ${total} distinct messages handled after reconnecting`,
    );
    expect(bus.health().transport.status).toBe('connected');
  },
};
