import { expect, it } from 'vitest';
import { ConfigurationError, createMemoryStore } from '../../src/index.js';
import { requireTransaction, UNIT_OF_WORK, type UnitOfWork } from '../../src/pipeline/unit-of-work.js';

it('ctx.tx without a unit of work is a clear configuration error naming the endpoint and what to do', () => {
  expect(() => requireTransaction(new Map(), 'ticket-log')).toThrow(
    new ConfigurationError(
      'No transaction on endpoint "ticket-log": give createMessaging a store (memory, PostgreSQL or PGlite) and keep the endpoint transactional',
    ),
  );
});

it('ctx.tx inside a unit of work is its transaction', async () => {
  await createMemoryStore().transaction(async (transaction) => {
    const unitOfWork: UnitOfWork = { transaction, outboxed: 0, published: [] };
    expect(requireTransaction(new Map([[UNIT_OF_WORK, unitOfWork]]), 'ticket-log')).toBe(transaction);
  });
});
