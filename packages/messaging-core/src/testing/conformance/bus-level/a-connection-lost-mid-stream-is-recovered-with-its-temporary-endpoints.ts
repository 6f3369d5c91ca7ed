import type { ConformanceSituation } from '../conformance-situation.js';

export const aConnectionLostMidStreamIsRecoveredWithItsTemporaryEndpoints: ConformanceSituation = {
  title: 'a connection lost mid-stream (simulateConnectionLoss) is recovered, temporary endpoints included',
  level: 'bus',
  async run(f) {
    const contract = f.contract('dropped');
    const total = 60;
    // A little work per message keeps deliveries in flight when the connection goes.
    const work = () => new Promise<void>((resolve) => setTimeout(resolve, 5));
    const bus = await f.bus(
      'consumer',
      (b) => {
        b.endpoint(f.name('dropped'), { concurrency: 4 }).on(contract, f.recorder('durable', work));
        // A per-instance endpoint goes away with the connection on most brokers and must come back with it.
        b.endpoint(f.name('dropped-signals'), { temporary: true, transactional: false }).on(
          contract,
          f.recorder('temporary'),
        );
      },
      { publishes: [contract] },
    );
    const publishUntilAccepted = (seq: number) =>
      f.publishUntilAccepted(bus, contract, { ...f.sample(seq, `key-${seq % 5}`), id: `drop-${seq}` });
    for (let seq = 0; seq < total / 2; seq++) await publishUntilAccepted(seq);
    await f.until(() => f.receivedBy('durable').length >= total / 6, 'some handled before the loss');

    // Acks in flight at the loss are refused, and those messages come back.
    f.expectSettlementFailures('consumer');
    await bus.transport.simulateConnectionLoss();
    for (let seq = total / 2; seq < total; seq++) await publishUntilAccepted(seq);

    const handled = (label: string) => new Set(f.receivedBy(label).map((entry) => entry.message.id));
    await f.until(() => handled('durable').size === total, `all ${total} handled by the durable endpoint`);
    // What a temporary endpoint held at the loss may be gone with it; what was published after it must arrive.
    await f.until(
      () =>
        Array.from({ length: total / 2 }, (_, i) => `drop-${total / 2 + i}`).every((id) =>
          handled('temporary').has(id),
        ),
      'every message published after the loss reaches the temporary endpoint',
    );
    await f.until(() => bus.health().transport.status === 'connected', 'the transport reports connected');
  },
};
