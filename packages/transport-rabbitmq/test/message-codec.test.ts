import type { TransportMessage } from '@pragmatic-messaging/core';
import type { Message } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../src/message-codec.js';

function received(
  encoded: ReturnType<typeof encodeMessage>,
  extraHeaders: Record<string, unknown> = {},
): Message {
  const { options } = encoded;
  return {
    content: encoded.content,
    fields: { deliveryTag: 1, redelivered: false, exchange: 'ignored', routingKey: options.type ?? '' },
    properties: {
      contentType: options.contentType,
      contentEncoding: undefined,
      headers: { ...options.headers, ...extraHeaders },
      deliveryMode: 2,
      priority: undefined,
      correlationId: options.correlationId,
      replyTo: undefined,
      expiration: undefined,
      messageId: options.messageId,
      timestamp: options.timestamp,
      type: options.type,
      userId: undefined,
      appId: options.appId,
      clusterId: undefined,
    },
  } as Message;
}

const message: TransportMessage = {
  id: 'id-1',
  type: 'tickets.ticket-created',
  topic: 'tickets',
  key: 'ticket-ключ',
  headers: {
    'content-type': 'application/json',
    'correlation-id': 'c-1',
    'source-service': 'tickets',
    'x-empty': '',
    attempt: '2',
  },
  body: new TextEncoder().encode('{"a":"ż"}'),
  timestamp: 1_764_288_000_123,
  mandatory: true,
};

describe('RabbitMQ message codec', () => {
  it('round-trips every envelope field and maps the AMQP properties tools show', () => {
    const encoded = encodeMessage(message);
    expect(encoded.options).toMatchObject({
      persistent: true,
      mandatory: true,
      messageId: 'id-1',
      type: 'tickets.ticket-created',
      contentType: 'application/json',
      correlationId: 'c-1',
      appId: 'tickets',
      timestamp: 1_764_288_000,
    });
    const decoded = decodeMessage(received(encoded));
    expect({ ...decoded, body: [...decoded.body] }).toEqual({
      ...message,
      mandatory: undefined,
      body: [...message.body],
    });
  });

  it('keeps a missing key missing and hides transport and broker headers from the envelope', () => {
    const keyless = { ...message, key: undefined };
    const decoded = decodeMessage(
      received(encodeMessage(keyless), {
        'x-death': [{ count: 1 }],
        'x-first-death-reason': 'expired',
        'x-delivery-count': 2,
      }),
    );
    expect(decoded.key).toBeUndefined();
    expect(Object.keys(decoded.headers).sort()).toEqual([
      'attempt',
      'content-type',
      'correlation-id',
      'source-service',
      'x-empty',
    ]);
  });

  it('carries content type, correlation id and source service in AMQP properties, not in the headers table', () => {
    const { options } = encodeMessage(message);
    expect(Object.keys(options.headers ?? {}).sort()).toEqual([
      'attempt',
      'pm-key',
      'pm-partition-key',
      'pm-timestamp',
      'pm-topic',
      'x-empty',
    ]);
  });

  it('keeps a value too long for an AMQP property (255 bytes) in the headers table', () => {
    const correlationId = 'ć'.repeat(128);
    const long = { ...message, headers: { ...message.headers, 'correlation-id': correlationId } };
    const encoded = encodeMessage(long);
    expect(encoded.options.correlationId).toBeUndefined();
    expect(encoded.options.headers?.['correlation-id']).toBe(correlationId);
    expect(decodeMessage(received(encoded)).headers['correlation-id']).toBe(correlationId);
  });

  it('reads messages of 0.1, which carried content type, correlation id and source service as headers', () => {
    const encoded = encodeMessage(message);
    const old = received(encoded, {
      'content-type': 'application/json',
      'correlation-id': 'c-1',
      'source-service': 'tickets',
    });
    Object.assign(old.properties, { correlationId: undefined, appId: undefined });
    expect(decodeMessage(old).headers).toEqual(message.headers);
  });

  it('turns header values of foreign publishers into strings', () => {
    const decoded = decodeMessage(
      received(encodeMessage(message), { retries: 3, flag: true, raw: Buffer.from('hé') }),
    );
    expect(decoded.headers).toMatchObject({ retries: '3', flag: 'true', raw: 'hé' });
  });
});
