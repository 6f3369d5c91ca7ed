import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/index.js';
import { asStoreError, isConnectionError } from '../../src/stores/connection-errors.js';

/** An error as `pg` raises it: a message, and the socket error code or the server's SQLSTATE in `code`. */
function databaseError(message: string, code?: unknown): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('a database error means "unavailable" only when the server is gone', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'])(
    'the socket error %s is a connection error',
    (code) => {
      expect(isConnectionError(databaseError('socket trouble', code))).toBe(true);
    },
  );

  it.each([
    ['08006', 'connection failure'],
    ['08P01', 'protocol violation (class 08)'],
    ['57P01', 'admin shutdown'],
    ['57P02', 'crash shutdown'],
    ['57P03', 'cannot connect now'],
    ['53300', 'too many connections'],
  ])('the SQLSTATE %s (%s) is a connection error', (code) => {
    expect(isConnectionError(databaseError('server says no', code))).toBe(true);
  });

  it.each([
    ['23505', 'unique violation'],
    ['42P01', 'undefined table'],
    ['57014', 'query canceled: the statement, not the server'],
    ['57P04', 'database dropped: not one of the three shutdown codes'],
    ['57P0', 'a truncated code'],
    ['57P011', 'a longer code that starts like admin shutdown'],
    ['533001', 'a longer code that starts like too many connections'],
    ['5330', 'a shorter code'],
    ['X08006', 'class 08 not at the start'],
    ['ECONNREFUSEDX', 'not exactly a socket code'],
  ])('the code %s (%s) is not a connection error', (code) => {
    expect(isConnectionError(databaseError('statement failed', code))).toBe(false);
  });

  it.each([
    'Connection terminated unexpectedly',
    'connection TERMINATED due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
    'Client was closed and is not queryable',
  ])('what the driver says when a pooled connection dies counts, without a code: "%s"', (message) => {
    expect(isConnectionError(databaseError(message))).toBe(true);
  });

  it('a statement error with no connection code and no driver text is not a connection error', () => {
    expect(isConnectionError(databaseError('duplicate key value violates unique constraint'))).toBe(false);
  });

  it('a numeric code is not read as a SQLSTATE, and the message still decides', () => {
    expect(isConnectionError(databaseError('statement failed', 53300))).toBe(false);
    expect(isConnectionError(databaseError('Connection terminated', 53300))).toBe(true);
  });

  it('something thrown that is not an Error is not a connection error', () => {
    expect(isConnectionError('Connection terminated')).toBe(false);
    expect(isConnectionError({ code: 'ECONNREFUSED', message: 'Connection terminated' })).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });

  it('asStoreError turns a connection error into StoreUnavailableError naming the database, the original as cause', () => {
    const original = databaseError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    const converted = asStoreError(original, 'PostgreSQL');
    expect(converted).toBeInstanceOf(StoreUnavailableError);
    expect((converted as StoreUnavailableError).message).toBe(
      'PostgreSQL is unavailable: connect ECONNREFUSED 127.0.0.1:5432',
    );
    expect((converted as StoreUnavailableError).cause).toBe(original);
    expect((converted as StoreUnavailableError).retryable).toBe(true);
  });

  it('asStoreError passes any other error through unchanged', () => {
    const original = databaseError('duplicate key value violates unique constraint', '23505');
    expect(asStoreError(original, 'PostgreSQL')).toBe(original);
    expect(asStoreError('a string', 'PostgreSQL')).toBe('a string');
  });

  it('asStoreError does not wrap a StoreUnavailableError twice', () => {
    const already = new StoreUnavailableError('PGlite is unavailable: Connection terminated');
    expect(asStoreError(already, 'PostgreSQL')).toBe(already);
  });
});
