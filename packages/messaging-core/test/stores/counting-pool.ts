import pg from 'pg';
import type { PgClientLike, PgPoolLike, TransportMessage } from '../../src/index.js';
import { databaseUrl } from '../reliability/store-factories.js';
import { clientMethods, wrappedPool } from './wrapped-pool.js';

export const outboxMessage = (id: string, headers: Record<string, string> = {}): TransportMessage => ({
  id,
  type: 'tickets.ticket-opened',
  topic: 'tickets',
  key: 'T-1',
  headers,
  body: new TextEncoder().encode('{}'),
  timestamp: 0,
});

/** A real pool whose checked-out clients write down every statement they are handed. */
export interface CountingPool {
  readonly pool: PgPoolLike;
  readonly statements: string[];
  /** For each statement, how many handed over before it were still unanswered. */
  readonly unansweredBefore: number[];
  /** While set, a BEGIN fails (without reaching the server). */
  failBegin: boolean;
  /** Writes to the clients' sockets (a corked burst is one write). */
  readonly socketWrites: () => number;
  end(): Promise<void>;
}

export function countingPool(pipeline: boolean): CountingPool {
  const real = new pg.Pool({ connectionString: databaseUrl, max: 2, pipeline });
  const statements: string[] = [];
  const unansweredBefore: number[] = [];
  let unanswered = 0;
  const pool = wrappedPool(real, (client) => {
    countWrites(client as unknown as PgSocketHolder);
    const wrapped: PgClientLike & PgSocketHolder = {
      ...clientMethods(client),
      // Where the store finds the socket to cork (postgres-store.ts).
      connection: (client as unknown as PgSocketHolder).connection,
      query: (text, params) => {
        const statement = text.trim().split(/\s+/)[0]!.toUpperCase();
        statements.push(statement);
        unansweredBefore.push(unanswered);
        if (statement === 'BEGIN' && counting.failBegin) return Promise.reject(new Error('BEGIN refused'));
        unanswered++;
        return client.query(text, params).finally(() => unanswered--);
      },
    };
    return wrapped;
  });
  const counting: CountingPool = {
    pool,
    statements,
    unansweredBefore,
    failBegin: false,
    socketWrites: () => writes,
    end: () => real.end(),
  };
  let writes = 0;
  const counted = new WeakSet<object>();
  function countWrites(client: PgSocketHolder): void {
    const stream = client.connection.stream;
    if (counted.has(stream)) return;
    counted.add(stream);
    for (const method of ['_write', '_writev'] as const) {
      const original = stream[method].bind(stream);
      stream[method] = (...args: unknown[]) => {
        writes++;
        return original(...args);
      };
    }
  }
  return counting;
}

/** How `pg` holds its socket; Node's Writable sends through `_write`, or `_writev` for a corked burst. */
interface PgSocketHolder {
  readonly connection: { readonly stream: Record<'_write' | '_writev', (...args: unknown[]) => unknown> };
}
