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

/** The toolkit's fields of a record, from its one `pm` header. */
function envelope(record: ReturnType<typeof toRecord>): Record<string, unknown> {
  return JSON.parse(record.headers.pm!) as Record<string, unknown>;
}

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

  it("carries the toolkit's fields and its own headers in one header; content type, trace and application headers stay headers", () => {
    const headers = {
      'correlation-id': 'c-1',
      'causation-id': 'm-0',
      'source-service': 'tickets',
      attempt: '2',
      'content-type': 'application/json',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'x-tenant': 'acme',
    };
    const record = toRecord(
      {
        ...message,
        key: 'ticket-7',
        headers,
      },
      { topic: 'prod.tickets', onItsTopic: true },
    );
    expect(Object.keys(record.headers).sort()).toEqual(['content-type', 'pm', 'traceparent', 'x-tenant']);
    expect(envelope(record)).toEqual({
      id: 'id-1',
      type: 'tickets.ticket-created',
      ts: 1_700_000_000_123,
      h: { 'correlation-id': 'c-1', 'causation-id': 'm-0', 'source-service': 'tickets', attempt: '2' },
    });
    const back = fromRecord(asRead(record), 'tickets');
    expect(back.headers).toEqual(headers);
    expect(back.key).toBe('ticket-7');
  });

  it('reads a pm header that is not an envelope of ours as a foreign record, and does not hand it on', () => {
    const foreign: IncomingRecord = {
      key: null,
      value: Buffer.from('{}'),
      headers: { pm: '{"id":1}', 'pm-id': 'id-9', 'pm-type': 'tickets.ticket-created' },
      offset: '1',
    };
    const read = fromRecord(foreign, 'tickets');
    expect(read.id).toBe('id-9');
    expect(read.headers).toEqual({});
    expect(fromRecord({ ...foreign, headers: { pm: 'not json' } }, 'tickets').id).toBe('');
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

  it('writes no pm-key header when the record key is the message key, and reads the key back from the record', () => {
    const keyed = { ...message, key: 'ticket-7' };
    const record = toRecord(keyed, { topic: 'tickets' });
    expect(record.key).toBe('ticket-7');
    expect(envelope(record)).not.toHaveProperty('key');
    expect(fromRecord(asRead(record), 'tickets').key).toBe('ticket-7');
  });

  it('keeps every key through copies keyed otherwise (retries and dead letters are keyed by the id)', () => {
    const cases: readonly [string | undefined, string][] = [
      ['ticket-7', 'id-1'], // a keyed message's dead letter
      [undefined, 'id-1'], // a keyless message's retry copy
      ['id-1', 'id-1'], // a key equal to the message's own id
      ['ticket-7', 'ticket-7'], // a keyed message's retry copy
    ];
    for (const [key, recordKey] of cases) {
      const record = toRecord({ ...message, key }, { topic: 'tickets.retry', key: recordKey });
      expect(record.key).toBe(recordKey);
      expect(fromRecord(asRead(record), 'tickets').key, `key ${key} on a record keyed ${recordKey}`).toBe(
        key,
      );
    }
    expect(envelope(toRecord({ ...message, key: 'id-1' }, { topic: 'tickets' })).key).toBe('id-1');
  });

  it('reads records of 0.1, which wrote pm-key whenever a message had a key', () => {
    const old = (key: string | undefined, recordKey: string | null): IncomingRecord => ({
      key: recordKey === null ? null : Buffer.from(recordKey),
      value: Buffer.from('{}'),
      headers: {
        'pm-id': 'id-1',
        'pm-type': 'tickets.ticket-created',
        'pm-topic': 'tickets',
        'pm-timestamp': '1700000000123',
        attempt: '1',
        ...(key === undefined ? {} : { 'pm-key': key }),
      },
      offset: '3',
    });
    expect(fromRecord(old('ticket-7', 'ticket-7'), 'tickets').key).toBe('ticket-7');
    expect(fromRecord(old('ticket-7', 'id-1'), 'tickets').key).toBe('ticket-7');
    expect(fromRecord(old(undefined, null), 'tickets').key).toBeUndefined();
    expect(fromRecord(old(undefined, 'id-1'), 'tickets').key).toBeUndefined();
    expect(fromRecord(old(undefined, null), 'tickets').headers).toEqual({ attempt: '1' });
  });

  it("writes no pm-topic on the topic's own Kafka topic, where the reader learns it from the topic it reads", () => {
    const own = toRecord(message, { topic: 'prod.tickets', onItsTopic: true });
    expect(envelope(own)).not.toHaveProperty('topic');
    expect(fromRecord(asRead(own), 'tickets').topic).toBe('tickets');
    // A retry topic's reader does not know the message's topic from the topic it reads: it travels with the record.
    const retry = toRecord(message, { topic: 'prod.timeline.retry-1000ms', key: 'id-1', dueAt: 1 });
    expect(fromRecord(asRead(retry), 'timeline.retry-1000ms').topic).toBe('tickets');
  });
});
