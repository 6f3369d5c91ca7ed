import type pg from 'pg';
import type { PgClientLike, PgPoolLike } from '../../src/index.js';

/** A real pg pool as the store sees it, with every checked-out client passed through `wrap` first. */
export function wrappedPool(real: pg.Pool, wrap: (client: pg.PoolClient) => PgClientLike): PgPoolLike {
  return {
    connect: async () => wrap(await real.connect()),
    query: (text, params) => real.query(text, params),
    on: (event, listener) => real.on(event, listener),
    end: () => real.end(),
  };
}

/** The client's own methods, and nothing else of it (not pg's `connection`, which holds the socket). */
export function clientMethods(client: pg.PoolClient): PgClientLike {
  return {
    pipeline: client.pipeline,
    query: (text, params) => client.query(text, params),
    release: (destroy) => client.release(destroy),
    on: client.on.bind(client) as PgClientLike['on'],
    removeListener: (event, listener) => client.removeListener(event, listener),
    removeAllListeners: (event) => client.removeAllListeners(event),
  };
}
