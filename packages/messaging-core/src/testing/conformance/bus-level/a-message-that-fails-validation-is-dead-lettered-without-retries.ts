import { expect } from 'vitest';
import type { ConformanceSituation } from '../conformance-situation.js';
import { poisonMessage } from '../poison-message.js';

export const aMessageThatFailsValidationIsDeadLetteredWithoutRetries: ConformanceSituation = {
  title: "a message that fails its contract's validation is dead-lettered at once, naming the field",
  level: 'bus',
  async run(f) {
    const contract = f.contract('invalid');
    const endpoint = f.name('invalid');
    const bus = await f.bus(
      'consumer',
      (b) =>
        b.endpoint(endpoint, { retry: { immediate: 3, delays: [100] } }).on(contract, f.recorder('consumer')),
      { publishes: [contract] },
    );
    await bus.transport.send([poisonMessage(contract, 'wrong-shape', '{"id": 1}')]);
    await f.untilEvent((event) => event.kind === 'dead-lettered', 'the invalid message is dead-lettered');
    const [deadLetter] = await bus.deadLetters(endpoint).list();
    expect(deadLetter!.message.id).toBe('wrong-shape');
    expect(deadLetter!.failure.reason).toBe('VALIDATION_FAILED');
    expect(deadLetter!.failure.message).toContain('seq');
    expect(f.events.filter((event) => event.kind === 'failed')).toHaveLength(1);
    expect(f.events.filter((event) => event.kind === 'retry-scheduled')).toEqual([]);
    expect(f.received).toEqual([]);
  },
};
