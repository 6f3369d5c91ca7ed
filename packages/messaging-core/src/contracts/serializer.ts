import { DecodeError } from '../errors.js';

/** Turns message bodies into bytes and back. The content type is written to every message's headers. */
export interface Serializer {
  readonly contentType: string;
  serialize(body: unknown): Uint8Array;
  /** Throws DecodeError when the bytes cannot be read; such messages are dead-lettered without retries. */
  deserialize(bytes: Uint8Array, contentType: string | undefined): unknown;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export const jsonSerializer: Serializer = {
  contentType: 'application/json',
  serialize(body) {
    // Buffer.from, not TextEncoder: a small body comes out of Node's shared pool instead of an ArrayBuffer of its
    // own (half the time for 1 KiB, and no external memory for the GC to track per message).
    const json: string | undefined = JSON.stringify(body);
    // undefined, a function or a symbol: JSON has no text for it, and an empty body would only fail the consumer.
    if (json === undefined)
      throw new TypeError(`Cannot serialize the message body as JSON: it is ${typeof body}`);
    return Buffer.from(json);
  },
  deserialize(bytes, contentType) {
    if (contentType !== undefined && !contentType.startsWith('application/json')) {
      throw new DecodeError(`Cannot decode content type "${contentType}" as JSON`);
    }
    try {
      return JSON.parse(decoder.decode(bytes));
    } catch (error) {
      throw new DecodeError(`Body is not valid UTF-8 JSON: ${(error as Error).message}`, { cause: error });
    }
  },
};
