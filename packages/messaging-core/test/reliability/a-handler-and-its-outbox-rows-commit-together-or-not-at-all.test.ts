import { describe, expect, it } from 'vitest';
import {
  type ConsumeContext,
  composeMiddleware,
  createMemoryStore,
  type TransportMessage,
} from '../../src/index.js';
import { type UnitOfWork, type UnitOfWorkHooks, unitOfWorkIn } from '../../src/pipeline/unit-of-work.js';
import { unitOfWorkStep } from '../../src/reliability/unit-of-work-step.js';
import { consumeContextFor } from '../support/consume-context.js';

const row = (id: string): TransportMessage => ({
  id,
  type: 'tickets.ticket-assigned',
  topic: 'tickets',
  key: 'T-1',
  headers: {},
  body: new Uint8Array(),
  timestamp: 0,
});

/** A handler that writes `rows` to the outbox through the unit of work, as a publish inside a handler does. */
function publishing(...ids: string[]) {
  return async (context: ConsumeContext) => {
    const unitOfWork = unitOfWorkIn(context.items)!;
    await unitOfWork.transaction.addToOutbox(ids.map(row));
    unitOfWork.outboxed += ids.length;
  };
}

function endpoint(handler: (context: ConsumeContext) => Promise<void>, hooks?: UnitOfWorkHooks) {
  const store = createMemoryStore();
  const commits: UnitOfWork[] = [];
  let announced = 0;
  void store.onOutboxCommitted(() => {
    announced++;
  });
  const run = composeMiddleware(
    [unitOfWorkStep(store, (unitOfWork) => commits.push(unitOfWork), hooks)],
    handler,
  );
  return { store, run, commits, announced: () => announced };
}

describe('a handler and its outbox rows commit together, or not at all', () => {
  it('the handler runs inside a transaction; on success its rows are committed and the relay is nudged once', async () => {
    const { store, run, commits, announced } = endpoint(publishing('out-1', 'out-2'));
    const context = consumeContextFor({ id: 'm-1' });
    await run(context);
    expect((await store.outboxBacklog()).unsent).toBe(2);
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ outboxed: 2, published: [] });
    // The bus wakes its own relay: the commit does not announce itself to every listener (NOTIFY on PostgreSQL).
    expect(announced()).toBe(0);
    // The unit of work belongs to the run: it is gone from the delivery's items afterwards.
    expect(unitOfWorkIn(context.items)).toBeUndefined();
  });

  it('a commit that produced no messages does not nudge the relay', async () => {
    const { run, commits } = endpoint(async () => {});
    await run(consumeContextFor({ id: 'm-1' }));
    expect(commits).toEqual([]);
  });

  it('a handler that throws rolls its rows back and nudges nothing; the unit of work is gone too', async () => {
    const { store, run, commits } = endpoint(async (context) => {
      await publishing('out-1')(context);
      throw new Error('the handler failed after publishing');
    });
    const context = consumeContextFor({ id: 'm-1' });
    await expect(run(context)).rejects.toThrow('the handler failed after publishing');
    expect((await store.outboxBacklog()).unsent).toBe(0);
    expect(commits).toEqual([]);
    expect(unitOfWorkIn(context.items)).toBeUndefined();
  });

  it('runs its hooks before, within and after the transaction, in order', async () => {
    const calls: string[] = [];
    let seenWithin: UnitOfWork | undefined;
    let seenAfter: UnitOfWork | undefined;
    const { run, commits } = endpoint(
      async (context) => {
        calls.push(`handler (in a transaction: ${unitOfWorkIn(context.items) !== undefined})`);
        await publishing('out-1')(context);
      },
      {
        beforeTransaction: async (context) => {
          calls.push(`before (in a transaction: ${unitOfWorkIn(context.items) !== undefined})`);
        },
        withinTransaction: async (context, unitOfWork) => {
          seenWithin = unitOfWork;
          calls.push(`within (the same unit of work: ${unitOfWorkIn(context!.items) === unitOfWork})`);
        },
        afterTransaction: async (context, unitOfWork) => {
          seenAfter = unitOfWork;
          calls.push(`after (in a transaction: ${unitOfWorkIn(context!.items) !== undefined})`);
        },
      },
    );
    await run(consumeContextFor({ id: 'm-1' }));
    expect(calls).toEqual([
      'before (in a transaction: false)',
      'handler (in a transaction: true)',
      'within (the same unit of work: true)',
      'after (in a transaction: false)',
    ]);
    expect(seenWithin).toBe(commits[0]);
    expect(seenAfter).toBe(commits[0]);
  });

  it('a hook that throws within the transaction rolls it back', async () => {
    const { store, run, commits } = endpoint(publishing('out-1'), {
      withinTransaction: async () => {
        throw new Error('injected: producer error within the transaction');
      },
    });
    await expect(run(consumeContextFor({ id: 'm-1' }))).rejects.toThrow('injected');
    expect((await store.outboxBacklog()).unsent).toBe(0);
    expect(commits).toEqual([]);
  });

  it('a hook that throws before the transaction keeps the handler from running', async () => {
    let ran = false;
    const { run } = endpoint(
      async () => {
        ran = true;
      },
      {
        beforeTransaction: async () => {
          throw new Error('injected: before the transaction');
        },
      },
    );
    await expect(run(consumeContextFor({ id: 'm-1' }))).rejects.toThrow('injected');
    expect(ran).toBe(false);
  });

  it('a hook that throws after the transaction fails the delivery, but the commit stands', async () => {
    const { store, run, commits } = endpoint(publishing('out-1'), {
      afterTransaction: async () => {
        throw new Error('injected: after the transaction');
      },
    });
    await expect(run(consumeContextFor({ id: 'm-1' }))).rejects.toThrow('injected');
    expect((await store.outboxBacklog()).unsent).toBe(1);
    expect(commits).toHaveLength(1);
  });
});
