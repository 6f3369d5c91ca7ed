import { StoreUnavailableError } from '../errors.js';

// Socket errors, and the SQLSTATEs of a server that is gone, going or full: class 08 (connection exception),
// 57P01-57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
const SERVER_GONE = /^(08|57P0[123]$|53300$)/;
// What `pg` says when a pooled connection dies or the pool cannot get one in time.
const DRIVER_TEXTS =
  /Connection terminated|timeout exceeded when trying to connect|connection error|not queryable/i;
// Refusals at connect time that retrying cannot fix: wrong credentials (28xxx), no such database (3D000).
const CONFIGURATION_REFUSALS = /^(28|3D)/;

/** Whether a database error means "the database cannot be reached" rather than "this statement failed". */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  if (code !== undefined && (SOCKET_CODES.has(code) || SERVER_GONE.test(code))) return true;
  return DRIVER_TEXTS.test(error.message);
}

/** Connection errors become StoreUnavailableError (the original as cause); any other error passes unchanged. */
export function asStoreError(error: unknown, database: string): unknown {
  if (!isConnectionError(error) || error instanceof StoreUnavailableError) return error;
  return unavailable(error as Error, database);
}

/**
 * For failures to get a connection at all: the server is down, restarting, full, or not accepting connections to
 * this database right now — unavailable, unless it refused the credentials or does not know the database.
 */
export function asConnectError(error: unknown, database: string): unknown {
  if (!(error instanceof Error) || error instanceof StoreUnavailableError) return error;
  const code = codeOf(error);
  if (code !== undefined && CONFIGURATION_REFUSALS.test(code)) return error;
  return unavailable(error, database);
}

function codeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function unavailable(error: Error, database: string): StoreUnavailableError {
  return new StoreUnavailableError(`${database} is unavailable: ${error.message}`, { cause: error });
}
