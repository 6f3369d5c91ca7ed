import { DecodeError } from '../errors.js';

/** Turns message bodies into bytes and back. The content type is written to every message's headers. */
export interface Serializer {
  readonly contentType: string;
  serialize(body: unknown): Uint8Array;
  /** Throws DecodeError when the bytes cannot be read; such messages are dead-lettered without retries. */
  deserialize(bytes: Uint8Array, contentType: string | undefined): unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const jsonSerializer: Serializer = {
  contentType: 'application/json',
  serialize(body) {
    return encoder.encode(JSON.stringify(body));
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
