import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, type TransportMessage } from '../../src/index.js';
import { OutboxWriteCoalescer } from '../../src/stores/outbox-write-coalescer.js';

const message = (id: string): TransportMessage => ({
  id,
  type: 'tickets.ticket-opened',
  topic: 'tickets',
  headers: {},
  body: new Uint8Array(),
  timestamp: 0,
});

interface Write {
  readonly ids: string[];
  readonly announce: boolean;
  finish(): void;
  fail(error: unknown): void;
}

/** A write function that holds every write until the test finishes or fails it. */
function heldWrites() {
  const writes: Write[] = [];
  const write = (messages: readonly TransportMessage[], announce: boolean) =>
    new Promise<void>((resolve, reject) => {
      writes.push({ ids: messages.map((m) => m.id), announce, finish: resolve, fail: reject });
    });
  return { writes, write };
}

/** Lets settled promises run their continuations. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

type Outcome = 'pending' | 'written' | Error;

function track(written: Promise<void>): { readonly outcome: Outcome } {
  const tracked: { outcome: Outcome } = { outcome: 'pending' };
  written.then(
    () => {
      tracked.outcome = 'written';
    },
    (error: Error) => {
      tracked.outcome = error;
    },
  );
  return tracked;
}

describe('publish-only transactions that wait for a writer are written together', () => {
  it('an idle coalescer writes a transaction at once, alone', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 100 });
    const first = track(coalescer.add([message('a'), message('b')], false));
    expect(writes.map((w) => w.ids)).toEqual([['a', 'b']]);
    writes[0]!.finish();
    await settle();
    expect(first.outcome).toBe('written');
  });

  it('transactions arriving while every writer is busy go out as one write, oldest first, rows in order', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 100 });
    const first = track(coalescer.add([message('a')], false));
    const second = track(coalescer.add([message('b1'), message('b2')], false));
    const third = track(coalescer.add([message('c')], true));
    expect(writes).toHaveLength(1);
    writes[0]!.finish();
    await settle();
    expect(first.outcome).toBe('written');
    // Nobody resolves before its own rows are committed.
    expect(second.outcome).toBe('pending');
    expect(writes[1]!.ids).toEqual(['b1', 'b2', 'c']);
    // One member asked for the announcement: the group makes it.
    expect(writes[1]!.announce).toBe(true);
    writes[1]!.finish();
    await settle();
    expect([second.outcome, third.outcome]).toEqual(['written', 'written']);
    expect(writes).toHaveLength(2);
  });

  it('a group announces only when one of its transactions asked to', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 100 });
    void coalescer.add([message('a')], true);
    void coalescer.add([message('b')], false);
    void coalescer.add([message('c')], false);
    expect(writes[0]!.announce).toBe(true);
    writes[0]!.finish();
    await settle();
    expect(writes[1]!.announce).toBe(false);
  });

  it('runs at most `writers` writes at once and starts the next when one finishes', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 2, rows: 100 });
    for (const id of ['a', 'b', 'c', 'd']) void coalescer.add([message(id)], false);
    expect(writes.map((w) => w.ids)).toEqual([['a'], ['b']]);
    writes[1]!.finish();
    await settle();
    expect(writes.map((w) => w.ids)).toEqual([['a'], ['b'], ['c', 'd']]);
  });

  it('a group holds at most `rows` rows, but a larger transaction still goes out whole, alone', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 3 });
    void coalescer.add([message('first')], false);
    void coalescer.add([message('a1'), message('a2')], false);
    void coalescer.add([message('b')], false);
    void coalescer.add([message('c1'), message('c2'), message('c3'), message('c4')], false);
    void coalescer.add([message('d')], false);
    for (let round = 0; round < 4; round++) {
      writes[round]!.finish();
      await settle();
    }
    expect(writes.map((w) => w.ids)).toEqual([['first'], ['a1', 'a2', 'b'], ['c1', 'c2', 'c3', 'c4'], ['d']]);
  });

  it('when the database refuses a group, each transaction is written alone and only the refused one fails', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 100 });
    void coalescer.add([message('first')], false);
    const good = track(coalescer.add([message('good')], false));
    const bad = track(coalescer.add([message('bad')], false));
    const later = track(coalescer.add([message('later')], false));
    writes[0]!.finish();
    await settle();
    const refusal = new Error('invalid byte sequence');
    writes[1]!.fail(refusal);
    await settle();
    expect(writes[2]!.ids).toEqual(['good']);
    writes[2]!.finish();
    await settle();
    expect(writes[3]!.ids).toEqual(['bad']);
    writes[3]!.fail(refusal);
    await settle();
    expect(writes[4]!.ids).toEqual(['later']);
    writes[4]!.finish();
    await settle();
    expect([good.outcome, bad.outcome, later.outcome]).toEqual(['written', refusal, 'written']);
  });

  it('a lone transaction the database refuses fails with the refusal, without a second try', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 100 });
    const only = track(coalescer.add([message('a')], false));
    const refusal = new Error('refused');
    writes[0]!.fail(refusal);
    await settle();
    expect(only.outcome).toBe(refusal);
    expect(writes).toHaveLength(1);
  });

  for (const [what, error] of [
    ['unavailable', new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED')],
    ['gone mid-write', Object.assign(new Error('Connection terminated unexpectedly'), {})],
  ] as const) {
    it(`when the database is ${what}, the whole group fails at once, nobody tries again alone`, async () => {
      const { writes, write } = heldWrites();
      const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 100 });
      void coalescer.add([message('first')], false);
      const a = track(coalescer.add([message('a')], false));
      const b = track(coalescer.add([message('b')], false));
      writes[0]!.finish();
      await settle();
      writes[1]!.fail(error);
      await settle();
      expect([a.outcome, b.outcome]).toEqual([error, error]);
      expect(writes).toHaveLength(2);
    });
  }

  it('a failed write frees its writer for the transactions behind it', async () => {
    const { writes, write } = heldWrites();
    const coalescer = new OutboxWriteCoalescer(write, { writers: 1, rows: 100 });
    void coalescer.add([message('a')], false).catch(() => {});
    const next = track(coalescer.add([message('b')], false));
    writes[0]!.fail(new Error('refused'));
    await settle();
    writes[1]!.finish();
    await settle();
    expect(next.outcome).toBe('written');
  });
});
