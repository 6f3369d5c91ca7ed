import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/index.js';
import { asConnectError } from '../../src/stores/connection-errors.js';

function connectError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('a failed connect means "unavailable" unless the configuration is wrong', () => {
  it.each([
    ['ECONNREFUSED', 'server down'],
    ['57P03', 'server starting up'],
    ['53300', 'server full'],
    ['XX000', 'an internal error while connecting'],
    [undefined, 'no code at all'],
    ['X28000', 'a code that only contains a configuration class'],
    ['A3D000', 'a code that only contains the unknown-database code'],
  ] as [string | undefined, string][])('%s (%s) is unavailable: retrying can help', (code) => {
    const original = connectError('could not connect', code);
    const converted = asConnectError(original, 'PostgreSQL');
    expect(converted).toBeInstanceOf(StoreUnavailableError);
    expect((converted as Error).message).toBe('PostgreSQL is unavailable: could not connect');
    expect((converted as Error).cause).toBe(original);
  });

  it.each([
    ['28P01', 'wrong password'],
    ['28000', 'no pg_hba.conf entry'],
    ['3D000', 'no such database'],
  ])('%s (%s) passes through unchanged: retrying cannot fix it', (code) => {
    const original = connectError('refused', code);
    expect(asConnectError(original, 'PostgreSQL')).toBe(original);
  });

  it('a numeric code is not read as a SQLSTATE: 28000 as a number is no credentials refusal', () => {
    const original = Object.assign(new Error('could not connect'), { code: 28000 });
    expect(asConnectError(original, 'PostgreSQL')).toBeInstanceOf(StoreUnavailableError);
  });

  it('a StoreUnavailableError, or something that is not an Error, passes through unchanged', () => {
    const already = new StoreUnavailableError('PGlite is unavailable: closed');
    expect(asConnectError(already, 'PostgreSQL')).toBe(already);
    expect(asConnectError('refused', 'PostgreSQL')).toBe('refused');
  });
});
