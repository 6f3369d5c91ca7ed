import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore, type MessageStore, StoreUnavailableError } from '../../src/index.js';
import { outboxMessage } from './counting-pool.js';

// Nothing listens on port 1, so every connect is refused at once: a PostgreSQL that is down.
const unreachable = 'postgres://nobody@127.0.0.1:1/none';

describe('a transaction whose connection cannot be had fails and leaves nothing unheard', () => {
  const unheard: unknown[] = [];
  const hear = (reason: unknown) => unheard.push(reason);
  let store: MessageStore | undefined;

  afterEach(async () => {
    process.off('unhandledRejection', hear);
    unheard.length = 0;
    await store?.close();
  });

  async function storeThatCannotConnect(): Promise<MessageStore> {
    process.on('unhandledRejection', hear);
    store = await createPostgresStore({ connectionString: unreachable });
    return store;
  }

  /** Node reports a rejection nobody handled once the microtasks of a turn ran; a macrotask later, it has. */
  const afterUnhandledRejectionsAreReported = () => new Promise((resolve) => setImmediate(resolve));

  it('the statement and the transaction reject with StoreUnavailableError; no rejection goes unhandled', async () => {
    const down = await storeThatCannotConnect();
    const failed = down.transaction((tx) => tx.query('SELECT 1'));
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    // An operator reads which database it was.
    await expect(failed).rejects.toThrow(/^PostgreSQL is unavailable: /);
    await afterUnhandledRejectionsAreReported();
    expect(unheard).toEqual([]);
  });

  it('a transaction whose work caught the failed statement and went on to publish still rejects', async () => {
    const down = await storeThatCannotConnect();
    const outcome = down.transaction(async (tx) => {
      await tx.query('SELECT 1').catch(() => undefined);
      await tx.addToOutbox([outboxMessage('m-1')]);
    });
    await expect(outcome).rejects.toBeInstanceOf(StoreUnavailableError);
    await afterUnhandledRejectionsAreReported();
    expect(unheard).toEqual([]);
  });
});
