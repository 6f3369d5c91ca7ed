import type { TransportMessage } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import type { IncomingRecord } from '../src/client/kafka-client.js';
import { dueAtOf, fromRecord, toRecord } from '../src/message-codec.js';

const message: TransportMessage = {
  id: 'id-1',
  type: 'tickets.ticket-created',
  topic: 'tickets',
  key: '',
  headers: { 'correlation-id': 'c-1', 'x-empty': '' },
  body: new TextEncoder().encode('{"a":1}'),
  timestamp: 1_700_000_000_123,
};

// What a consumer reads back: the same key, value and headers the producer wrote.
function asRead(record: ReturnType<typeof toRecord>): IncomingRecord {
  return {
    key: record.key === null ? null : Buffer.from(record.key),
    value: record.value,
    headers: record.headers,
    offset: '7',
  };
}

describe('Kafka wire format', () => {
  it('carries every envelope field, an empty key and empty header values unchanged', () => {
    const record = toRecord(message, { topic: 'prod.tickets' });
    expect(record.key).toBe('');
    const back = fromRecord(asRead(record), 'tickets');
    expect(back).toEqual({ ...message, body: new Uint8Array(message.body) });
  });

  it('keeps "no key" distinct from an empty key', () => {
    const record = toRecord({ ...message, key: undefined }, { topic: 'tickets' });
    expect(record.key).toBeNull();
    expect(fromRecord(asRead(record), 'tickets').key).toBeUndefined();
  });

  it('records when a retry is due, and only then', () => {
    expect(dueAtOf(asRead(toRecord(message, { topic: 't', dueAt: 42 })))).toBe(42);
    expect(dueAtOf(asRead(toRecord(message, { topic: 't' })))).toBeUndefined();
  });

  it('leaves the id and type of records from foreign producers empty (core dead-letters them)', () => {
    const foreign: IncomingRecord = {
      key: Buffer.from('k'),
      value: Buffer.from('x'),
      headers: {},
      offset: '5',
    };
    const back = fromRecord(foreign, 'tickets');
    expect(back).toMatchObject({ id: '', type: '', topic: 'tickets', key: 'k' });
  });
});
