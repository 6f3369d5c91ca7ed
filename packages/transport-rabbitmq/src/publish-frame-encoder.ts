import type { PublishFrame } from './publish-frame.js';

const FRAME_END = 206;
/** Class 60 (basic), method 40 (publish). */
const BASIC_PUBLISH = 3_932_200;
/** Class 60 (basic), weight 0: the start of a content header frame. */
const BASIC_HEADER = 3_932_160;
/** amqplib writes a message below this size as one buffer and larger ones frame by frame; so does this encoder. */
const ONE_BUFFER_BYTES = 2048;

/** The short-string content properties this encoder writes (the others it leaves to amqplib). */
const SHORT_TEXT_PROPERTIES = ['contentType', 'correlationId', 'messageId', 'type', 'appId'] as const;

/**
 * The three frames of one small `basic.publish` (method, content header, body) in one buffer from Node's pool,
 * byte for byte what amqplib's `sendMessage` writes. amqplib zero-fills a fresh buffer for each of the three
 * frames and then copies them into a fourth; past 64 bytes V8 allocates a zero-filled buffer outside its heap,
 * about 1 µs each for the properties of a toolkit message and its body (performance.md, round ten). Returns
 * undefined for what this does not encode, which then goes through amqplib: a message of 2 KiB or more, a
 * property the toolkit never sets (content encoding, priority, reply-to, expiration, user id), a header that is
 * not a string, or a value amqplib would refuse (a short string of 256 bytes or more, a fractional or negative timestamp).
 */
export function encodePublishFrames(
  channel: number,
  frame: PublishFrame,
  content: Buffer,
): Buffer | undefined {
  if (
    frame.contentEncoding !== undefined ||
    frame.priority !== undefined ||
    frame.replyTo !== undefined ||
    frame.expiration !== undefined ||
    frame.userId !== undefined ||
    (frame.timestamp !== undefined && !(Number.isSafeInteger(frame.timestamp) && frame.timestamp >= 0))
  ) {
    return undefined;
  }
  const exchangeBytes = shortTextBytes(frame.exchange);
  const routingKeyBytes = shortTextBytes(frame.routingKey);
  const propertyBytes = propertiesBytes(frame);
  if (exchangeBytes === undefined || routingKeyBytes === undefined || propertyBytes === undefined)
    return undefined;
  const methodFrameBytes = 17 + exchangeBytes + routingKeyBytes;
  const headerFrameBytes = 22 + propertyBytes;
  const bodyFrameBytes = content.length > 0 ? content.length + 8 : 0;
  const total = methodFrameBytes + headerFrameBytes + bodyFrameBytes;
  if (total >= ONE_BUFFER_BYTES) return undefined;

  const out = Buffer.allocUnsafe(total);
  let offset = frameStart(out, 0, 1, channel, methodFrameBytes - 8);
  offset = out.writeUInt32BE(BASIC_PUBLISH, offset);
  offset = out.writeUInt16BE(0, offset); // ticket
  offset = writeShortText(out, offset, frame.exchange);
  offset = writeShortText(out, offset, frame.routingKey);
  out[offset++] = frame.mandatory ? 1 : 0;
  out[offset++] = FRAME_END;

  offset = frameStart(out, offset, 2, channel, headerFrameBytes - 8);
  offset = out.writeUInt32BE(BASIC_HEADER, offset);
  offset = writeUInt64(out, offset, content.length);
  offset = writeProperties(out, offset, frame);
  out[offset++] = FRAME_END;

  if (bodyFrameBytes > 0) {
    offset = frameStart(out, offset, 3, channel, content.length);
    offset += content.copy(out, offset);
    out[offset] = FRAME_END;
  }
  return out;
}

/** A non-negative safe integer as AMQP's 64-bit unsigned integer, without the BigInt amqplib makes of it. */
function writeUInt64(out: Buffer, offset: number, value: number): number {
  out.writeUInt32BE(Math.floor(value / 2 ** 32), offset);
  return out.writeUInt32BE(value % 2 ** 32, offset + 4);
}

function frameStart(
  out: Buffer,
  offset: number,
  type: number,
  channel: number,
  payloadBytes: number,
): number {
  out[offset] = type;
  out.writeUInt16BE(channel, offset + 1);
  return out.writeUInt32BE(payloadBytes, offset + 3);
}

/** The UTF-8 length of a short string, or undefined if the value is not one. */
function shortTextBytes(value: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const bytes = Buffer.byteLength(value);
  return bytes < 256 ? bytes : undefined;
}

/** Writes a short string the buffer was sized for; its length byte is what `write` reports it wrote. */
function writeShortText(out: Buffer, offset: number, value: string): number {
  const bytes = out.write(value, offset + 1);
  out[offset] = bytes;
  return offset + 1 + bytes;
}

/** The size of the property list (the flags not counted), or undefined if a property cannot be encoded here. */
function propertiesBytes(frame: PublishFrame): number | undefined {
  let bytes = 0;
  for (const name of SHORT_TEXT_PROPERTIES) {
    const value = frame[name];
    if (value === undefined) continue;
    const length = shortTextBytes(value);
    if (length === undefined) return undefined;
    bytes += 1 + length;
  }
  if (frame.headers !== undefined) {
    const table = tableBytes(frame.headers);
    if (table === undefined) return undefined;
    bytes += table;
  }
  if (frame.deliveryMode !== undefined) bytes += 1;
  if (frame.timestamp !== undefined) bytes += 8;
  return bytes;
}

/** A field table of long strings only (what the toolkit writes), or undefined for any other value. */
function tableBytes(headers: NonNullable<PublishFrame['headers']>): number | undefined {
  let bytes = 4;
  for (const name in headers) {
    const value: unknown = headers[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    const nameBytes = shortTextBytes(name);
    if (nameBytes === undefined) return undefined;
    bytes += 1 + nameBytes + 1 + 4 + Buffer.byteLength(value);
  }
  return bytes;
}

/** The property flags, then each present property in flag order (the order is the wire format's). */
function writeProperties(out: Buffer, start: number, frame: PublishFrame): number {
  let flags = 0;
  let offset = start + 2;
  const text = (value: string | undefined, flag: number) => {
    if (value === undefined) return;
    flags |= flag;
    offset = writeShortText(out, offset, value);
  };
  text(frame.contentType, 0x8000);
  if (frame.headers !== undefined) {
    flags |= 0x2000;
    offset = writeTable(out, offset, frame.headers);
  }
  if (frame.deliveryMode !== undefined) {
    flags |= 0x1000;
    out[offset++] = frame.deliveryMode;
  }
  text(frame.correlationId, 0x0400);
  text(frame.messageId, 0x0080);
  if (frame.timestamp !== undefined) {
    flags |= 0x0040;
    offset = writeUInt64(out, offset, frame.timestamp);
  }
  text(frame.type, 0x0020);
  text(frame.appId, 0x0008);
  out.writeUInt16BE(flags, start);
  return offset;
}

function writeTable(out: Buffer, start: number, headers: NonNullable<PublishFrame['headers']>): number {
  let offset = start + 4;
  for (const name in headers) {
    const value = headers[name] as string | undefined;
    if (value === undefined) continue;
    offset = writeShortText(out, offset, name);
    out[offset++] = 0x53; // 'S', a long string
    const bytes = out.write(value, offset + 4);
    out.writeUInt32BE(bytes, offset);
    offset += 4 + bytes;
  }
  out.writeUInt32BE(offset - start - 4, start);
  return offset;
}
