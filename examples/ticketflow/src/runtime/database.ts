import { mkdirSync } from 'node:fs';
import {
  createPgliteStore,
  createPostgresStore,
  openPglite,
  type PgliteLike,
  type SqlMessageStore,
} from '@pragmatic-messaging/core';
import pg from 'pg';
import type { ServiceName, TicketFlowConfig } from '../config/ticketflow-config.js';

/** The database of a TicketFlow process: one PostgreSQL database or one PGlite instance, a schema per service. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  storeFor(service: ServiceName): Promise<SqlMessageStore>;
  close(): Promise<void>;
}

export async function openDatabase(config: TicketFlowConfig): Promise<Database> {
  if (config.databaseUrl) {
    // Pipelined: the store's transactions send their statements without waiting for each answer.
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 20, pipeline: true });
    pool.on('error', () => {}); // idle-client failures are reported by the stores' own handlers
    return {
      kind: 'postgres',
      storeFor: (service) => createPostgresStore({ pool, schema: `${service}_messaging` }),
      close: () => pool.end(),
    };
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const db: PgliteLike = await openPglite(config.dataDir);
  return {
    kind: 'pglite',
    storeFor: (service) => createPgliteStore({ db, schema: `${service}_messaging` }),
    close: () => db.close(),
  };
}
