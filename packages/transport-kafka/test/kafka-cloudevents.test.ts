import { jsonSerializer } from '@pragmatic-messaging/core';
import { CloudEvent, type CloudEventV1, Kafka } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import {
  decodedEnvelope,
  envelopeIn,
  expectForeignEventRead,
  foreignEvent,
} from '../../../scripts/test-support/cloudevents-sdk.js';
import type { IncomingRecord, OutgoingRecord } from '../src/client/kafka-client.js';
import { dueAtOf, fromRecord, toRecord } from '../src/message-codec.js';

function asRead(record: OutgoingRecord): IncomingRecord {
  return {
    key: record.key === null ? null : Buffer.from(record.key),
    value: record.value,
    headers: record.headers,
    offset: '3',
  };
}
const sdkView = (record: OutgoingRecord) => ({
  headers: record.headers,
  key: record.key ?? '',
  value: record.value!.toString(),
  body: record.value!.toString(),
});

describe('CloudEvents records (Kafka protocol binding)', () => {
  for (const format of ['cloudevents-binary', 'cloudevents-structured'] as const) {
    it(`${format}: the SDK's Kafka binding decodes what the transport writes, and the transport reads it back exactly`, () => {
      const record = toRecord(envelopeIn(format), { topic: 'prod.tickets', dueAt: 1_700_000_009_000 });
      const event = Kafka.toEvent(sdkView(record)) as CloudEventV1<unknown>;
      expect(new CloudEvent({ ...event }).validate()).toBe(true);
      expect(event).toMatchObject({ ...decodedEnvelope, datacontenttype: 'application/json' });
      const back = fromRecord(asRead(record), 'tickets');
      expect(back).toEqual({ ...envelopeIn(format), body: new Uint8Array(envelopeIn(format).body) });
      // A retry copy stays a retry copy.
      expect(dueAtOf(asRead(record))).toBe(1_700_000_009_000);
    });
  }

  it('binary mode: attributes in ce_ headers, no native envelope headers', () => {
    const { headers } = toRecord(envelopeIn('cloudevents-binary'), { topic: 'tickets' });
    expect(headers).toEqual({
      ce_specversion: '1.0',
      ce_id: 'id-1',
      ce_type: 'tickets.ticket-created',
      ce_source: 'helpdesk',
      ce_time: '2023-11-14T22:13:20.123Z',
      ce_partitionkey: 't-1',
      'content-type': 'application/json',
      'correlation-id': 'c-1',
      'pm-topic': 'tickets',
    });
  });

  it('reads SDK-encoded events of both modes with their id, type, source, time and key', () => {
    const event = foreignEvent();
    for (const encoded of [Kafka.binary(event), Kafka.structured(event)]) {
      const value = typeof encoded.value === 'string' ? encoded.value : JSON.stringify(encoded.value);
      const headers = Object.fromEntries(
        Object.entries(encoded.headers)
          .filter(([, v]) => v !== undefined)
          .map(([n, v]) => [n, String(v)]),
      );
      const read = fromRecord(
        { key: Buffer.from(String(encoded.key)), value: Buffer.from(value), headers, offset: '1' },
        'crm',
      );
      expectForeignEventRead(read);
      expect(read.topic).toBe('crm');
      expect(jsonSerializer.deserialize(read.body, read.headers['content-type'])).toEqual({
        customerId: 'c-9',
      });
    }
  });

  it('a structured event that is not JSON reaches core with its content type, which dead-letters it with the reason', () => {
    const read = fromRecord(
      {
        key: null,
        value: Buffer.from('not json'),
        headers: { 'content-type': 'application/cloudevents+json' },
        offset: '1',
      },
      'crm',
    );
    expect(() => jsonSerializer.deserialize(read.body, read.headers['content-type'])).toThrow(
      'Cannot decode content type "application/cloudevents+json" as JSON',
    );
  });
});
