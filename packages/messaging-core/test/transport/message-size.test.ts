import { describe, expect, it } from 'vitest';
import { messageSize, type TransportMessage } from '../../src/index.js';

function messageOf(body: string, headers: Record<string, string>): TransportMessage {
  return {
    id: 'm-1',
    type: 'sizes.measured',
    topic: 'sizes',
    headers,
    body: new TextEncoder().encode(body),
    timestamp: 0,
  };
}

describe('message size', () => {
  // 'é' is 2 bytes and '€' 3 bytes in UTF-8, each 1 UTF-16 code unit.
  const message = messageOf('{"a":"ü"}', { 'x-name': 'José', 'x-price': '5 €' });

  it('counts body and header names and values in UTF-8 bytes', () => {
    expect(messageSize(message)).toBe(10 + 'x-name'.length + 5 + 'x-price'.length + 5);
  });
});
