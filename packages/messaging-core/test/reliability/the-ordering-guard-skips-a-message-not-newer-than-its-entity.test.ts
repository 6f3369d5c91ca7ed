import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  composeMiddleware,
  createMemoryStore,
  defineMessage,
  type MessageContract,
  type OrderingGuardOptions,
  type StoreTransaction,
} from '../../src/index.js';
import { orderingGuardStep } from '../../src/reliability/ordering-guard-step.js';
import { unitOfWorkStep } from '../../src/reliability/unit-of-work-step.js';
import { consumeContextFor } from '../support/consume-context.js';
import { recordingLogger } from '../support/recording-logger.js';

const TicketChanged = defineMessage({
  type: 'tickets.ticket-changed',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), version: z.number().int() }),
  key: (message) => message.ticketId,
  version: (message) => message.version,
}) as unknown as MessageContract<unknown, unknown>;

const TicketNoted = defineMessage({
  type: 'tickets.ticket-noted',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), version: z.number().int() }),
  key: (message) => message.ticketId,
}) as unknown as MessageContract<unknown, unknown>;

/** Unit of work → ordering guard → handler, as the bus composes them; `applied` lists the versions handled. */
function guardedEndpoint(options?: OrderingGuardOptions, handler: () => Promise<void> = async () => {}) {
  const store = createMemoryStore();
  const applied: number[] = [];
  const logger = recordingLogger();
  const run = composeMiddleware(
    [unitOfWorkStep(store, () => {}), orderingGuardStep(options)],
    async (context) => {
      await handler();
      applied.push((context.message as { version: number }).version);
    },
  );
  let delivered = 0;
  const deliver = async (version: number, contract = TicketChanged, key: string | null = 'T-1') => {
    const context = consumeContextFor(
      { id: `m-${++delivered}`, key: key ?? undefined },
      { contract, message: { ticketId: key, version }, logger },
    );
    await run(context);
    return context;
  };
  return { deliver, applied, logger, store };
}

describe('the ordering guard skips a message that is not newer than its entity', () => {
  it('applies the first version it sees, then only newer ones; an older or equal one is skipped and logged', async () => {
    const { deliver, applied, logger } = guardedEndpoint();
    await deliver(2);
    const equal = await deliver(2);
    const older = await deliver(1);
    await deliver(3);
    expect(applied).toEqual([2, 3]);
    expect(equal.skipped).toEqual({ reason: 'stale-version' });
    expect(older.skipped).toEqual({ reason: 'stale-version' });
    expect(logger.entries).toEqual([
      {
        level: 'debug',
        fields: { endpoint: 'ticket-log', messageId: 'm-2', entityKey: 'T-1', version: 2, current: 2 },
        message: 'Stale message skipped: its version is not newer than the entity',
      },
      {
        level: 'debug',
        fields: { endpoint: 'ticket-log', messageId: 'm-3', entityKey: 'T-1', version: 1, current: 2 },
        message: 'Stale message skipped: its version is not newer than the entity',
      },
    ]);
  });

  it('keeps versions per entity key', async () => {
    const { deliver, applied } = guardedEndpoint();
    await deliver(5, TicketChanged, 'T-1');
    await deliver(1, TicketChanged, 'T-2');
    expect(applied).toEqual([5, 1]);
  });

  it('by default a version that skips ahead is applied: a gap is no proof of a lost message', async () => {
    const { deliver, applied } = guardedEndpoint();
    await deliver(1);
    await deliver(5);
    expect(applied).toEqual([1, 5]);
  });

  it('a handler that fails saves no version: the retry is not stale', async () => {
    let runs = 0;
    const { deliver, applied } = guardedEndpoint({}, async () => {
      runs++;
      if (runs === 1) throw new Error('the handler failed');
    });
    await expect(deliver(1)).rejects.toThrow('the handler failed');
    const retry = await deliver(1);
    expect(retry.skipped).toBeUndefined();
    expect(applied).toEqual([1]);
  });

  it('a contract without a version, or a message without a key, passes unguarded and leaves no version', async () => {
    const { deliver, applied, store } = guardedEndpoint();
    await deliver(3, TicketNoted);
    await deliver(3, TicketNoted);
    await deliver(3, TicketChanged, null);
    await deliver(3, TicketChanged, null);
    expect(applied).toEqual([3, 3, 3, 3]);
    const versions = await store.transaction((tx) => tx.lastVersion('ticket-log', 'T-1'));
    expect(versions).toBeUndefined();
  });

  it('reads the current version from your own data when told to, in the same transaction', async () => {
    const asked: { entityKey: string; transaction: StoreTransaction }[] = [];
    const { deliver, applied } = guardedEndpoint({
      currentVersion: async (entityKey, transaction) => {
        asked.push({ entityKey, transaction });
        return 4;
      },
    });
    await deliver(4);
    await deliver(5);
    expect(applied).toEqual([5]);
    expect(asked.map((question) => question.entityKey)).toEqual(['T-1', 'T-1']);
    expect(typeof asked[0]!.transaction.lastVersion).toBe('function');
  });
});
