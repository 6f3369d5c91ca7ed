import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import pg from 'pg';
import {
  createMemoryStore,
  createPgliteStore,
  createPostgresStore,
  type MessageStore,
  openPglite,
  type PgliteLike,
} from '../../src/index.js';

/** One kind of store under test: how to make a fresh, migrated store in its own schema, and how to clean up. */
export interface StoreFactory {
  readonly name: 'memory' | 'postgres' | 'postgres, pipelined' | 'pglite';
  readonly sql: boolean;
  /**
   * Opens what the stores share (PGlite's WebAssembly database takes seconds, far more on a busy machine). Called
   * from `beforeAll`, so the cost counts against the hook's timeout rather than the first test's.
   */
  open(): Promise<void>;
  create(): Promise<MessageStore>;
  dispose(): Promise<void>;
}

const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'PostgreSQL store');

const schemas = new WeakMap<MessageStore, string>();

/** A schema of its own for each store under test, so tests never see each other's rows. */
export function uniqueSchema(): string {
  return `t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** The schema a SQL store of these factories lives in, for tests that read its tables directly. */
export function schemaOf(store: MessageStore): string {
  const schema = schemas.get(store);
  if (!schema) throw new Error('Not a SQL store made by these factories');
  return schema;
}

async function migrated(store: MessageStore, schema: string): Promise<MessageStore> {
  schemas.set(store, schema);
  await store.migrate();
  return store;
}

export function memoryFactory(): StoreFactory {
  return {
    name: 'memory',
    sql: false,
    open: async () => {},
    create: async () => createMemoryStore(),
    dispose: async () => {},
  };
}

/** PGlite is large: one instance per test file, a schema per store. */
export function pgliteFactory(): StoreFactory {
  let db: PgliteLike | undefined;
  return {
    name: 'pglite',
    sql: true,
    async open() {
      db ??= await openPglite();
    },
    async create() {
      db ??= await openPglite();
      const schema = uniqueSchema();
      return migrated(await createPgliteStore({ db, schema }), schema);
    },
    async dispose() {
      await db?.close();
      db = undefined;
    },
  };
}

/**
 * PostgreSQL through `pg`, on a pool of clients that wait for each answer, or (`pipeline`) of clients that write
 * a transaction's statements without waiting, as the store's own pool does.
 */
export function postgresFactory(pipeline = false): StoreFactory | undefined {
  if (!databaseUrl) return undefined;
  const pools: pg.Pool[] = [];
  return {
    name: pipeline ? 'postgres, pipelined' : 'postgres',
    sql: true,
    open: async () => {},
    async create() {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 8, pipeline });
      pools.push(pool);
      const schema = uniqueSchema();
      return migrated(await createPostgresStore({ pool, schema }), schema);
    },
    async dispose() {
      await Promise.all(pools.splice(0).map((pool) => pool.end()));
    },
  };
}

/**
 * Every store this machine can run. TEST_PGLITE=none leaves PGlite out: the mutation run (`npm run mutation`)
 * re-runs a test file per mutant, and PGlite's cold start would dominate it.
 */
export function allStoreFactories(): StoreFactory[] {
  const pglite = process.env.TEST_PGLITE === 'none' ? undefined : pgliteFactory();
  return [memoryFactory(), pglite, postgresFactory(), postgresFactory(true)].filter(
    (factory): factory is StoreFactory => factory !== undefined,
  );
}

export { databaseUrl };
