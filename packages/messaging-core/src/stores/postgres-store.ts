import { ConfigurationError } from '../errors.js';
import { type Logger, silentLogger } from '../observability/logger.js';
import { asConnectError, asStoreError } from './connection-errors.js';
import type { QueryResult } from './message-store.js';
import { PgTransaction, type SendTogether } from './pg-transaction.js';
import type { SqlDriver, TransactionSql } from './sql-driver.js';
import { SqlMessageStore } from './sql-message-store.js';

/** The part of a `pg` client the store uses. */
export interface PgClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(destroy?: boolean | Error): void;
  on(event: 'notification', listener: (message: { channel: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event?: string): unknown;
  /** True on a client of a pool created with `pipeline: true` (pg's query pipelining). */
  readonly pipeline?: boolean;
}

/** The part of a `pg` Pool the store uses. */
export interface PgPoolLike {
  connect(): Promise<PgClientLike>;
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  end(): Promise<void>;
}

export interface PostgresStoreOptions {
  /** Your own `pg` Pool; the store then never ends it. */
  readonly pool?: PgPoolLike;
  /** Or a connection string: the store creates (and ends) its own pool. */
  readonly connectionString?: string;
  /** Pool size when the store creates the pool. Default 10. */
  readonly maxConnections?: number;
  /** Schema holding the toolkit's tables. Default `messaging`. */
  readonly schema?: string;
  readonly logger?: Logger;
}

/**
 * The store on PostgreSQL through `pg`. Handlers get their transaction's connection through `ctx.tx.query`; code
 * that already holds a `pg` client inside its own transaction can enlist it with `store.transactionOn(client)`.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<SqlMessageStore> {
  const logger = options.logger ?? silentLogger;
  const ownsPool = !options.pool;
  const pool = options.pool ?? (await createPool(options));
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', (error) =>
    logger.warn({ err: error }, 'PostgreSQL pool connection failed; it will reconnect'),
  );
  return new SqlMessageStore(new PgDriver(pool, ownsPool, logger), options.schema ?? 'messaging');
}

async function createPool(options: PostgresStoreOptions): Promise<PgPoolLike> {
  if (!options.connectionString) {
    throw new ConfigurationError('createPostgresStore needs a pool or a connectionString');
  }
  let pg: { Pool: new (config: object) => PgPoolLike };
  try {
    const module = (await import('pg')) as unknown as { default?: typeof pg } & typeof pg;
    pg = module.default ?? module;
  } catch (error) {
    throw new ConfigurationError(
      `The PostgreSQL store needs the "pg" package: npm install pg (${(error as Error).message})`,
    );
  }
  // Pipelining lets a transaction's statements go out without waiting for each answer (pg-transaction.ts).
  return new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    pipeline: true,
  });
}

class PgDriver implements SqlDriver {
  readonly kind = 'postgres';

  constructor(
    private readonly pool: PgPoolLike,
    private readonly ownsPool: boolean,
    private readonly logger: Logger,
  ) {}

  query<Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    return run<Row>(this.pool, text, params);
  }

  async transaction<T>(work: (sql: TransactionSql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw asConnectError(error, 'PostgreSQL');
    });
    let broken = false;
    // A checked-out client whose connection dies emits 'error'; unheard, that would crash the process. pg emits it
    // for the server's message and again for the closed socket: one lost connection, one warning.
    const onError = (error: Error) => {
      if (broken) return;
      broken = true;
      this.logger.warn({ err: error }, 'PostgreSQL connection lost during a transaction');
    };
    client.on('error', onError);
    const transaction = new PgTransaction(
      (text, params) => run(client, text, params),
      client.pipeline === true,
      sendTogetherOn(client),
    );
    try {
      const result = await work(transaction);
      await transaction.commit();
      return result;
    } catch (error) {
      try {
        if (transaction.open) await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async listen(channel: string, listener: () => void): Promise<() => Promise<void>> {
    let client: PgClientLike | undefined;
    let closed = false;
    let retryTimer: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      try {
        const connected = await this.pool.connect();
        connected.on('notification', (message) => {
          if (message.channel === channel) listener();
        });
        connected.on('error', (error) => {
          this.logger.warn({ err: error, channel }, 'Outbox listener lost its connection; reconnecting');
          connected.removeAllListeners();
          connected.release(true);
          client = undefined;
          scheduleReconnect();
        });
        await connected.query(`LISTEN "${channel}"`);
        client = connected;
        // Rows committed while we were not listening: let the relay look.
        listener();
      } catch (error) {
        this.logger.warn({ err: error, channel }, 'Outbox listener could not connect; retrying');
        scheduleReconnect();
      }
    };
    const scheduleReconnect = () => {
      if (closed) return;
      retryTimer = setTimeout(connect, 1_000);
      retryTimer.unref();
    };
    await connect();
    return async () => {
      closed = true;
      clearTimeout(retryTimer);
      if (!client) return;
      const current = client;
      client = undefined;
      current.removeAllListeners();
      try {
        await current.query(`UNLISTEN "${channel}"`);
        current.release();
      } catch {
        current.release(true);
      }
    };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

/** `pg` keeps its socket at `client.connection.stream`; a client without one sends as it always does. */
interface CorkableClient {
  readonly connection?: { readonly stream?: { cork(): void; uncork(): void } };
}

/**
 * Corks the client's socket while statements are handed over, so they leave in one write when it is uncorked
 * (`pg` writes each statement as it is handed over). Measured on loopback: see performance.md, round eleven.
 */
function sendTogetherOn(client: PgClientLike): SendTogether {
  const stream = (client as CorkableClient).connection?.stream;
  if (!stream) return (send) => send();
  return (send) => {
    stream.cork();
    try {
      return send();
    } finally {
      stream.uncork();
    }
  };
}

async function run<Row>(
  executor: Pick<PgPoolLike, 'query'>,
  text: string,
  params?: readonly unknown[],
): Promise<QueryResult<Row>> {
  try {
    const result = await executor.query(text, params ? [...params] : undefined);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  } catch (error) {
    throw asStoreError(error, 'PostgreSQL');
  }
}
