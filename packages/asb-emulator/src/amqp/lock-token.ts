import { amqp } from './rhea-module.js';

/**
 * Service Bus puts a lock token on the wire in .NET's Guid byte order (the first three groups little-endian) as
 * the delivery tag, and the SDK swaps it back; over `$management` tokens travel as AMQP uuids in plain order.
 */
export function deliveryTagOf(lockToken: string): Buffer {
  return dotNetOrder(amqp.string_to_uuid(lockToken));
}

export function lockTokenOfUuid(bytes: Buffer): string {
  return amqp.uuid_to_string(bytes);
}

export function uuidOfLockToken(lockToken: string): Buffer {
  return amqp.string_to_uuid(lockToken);
}

function dotNetOrder(bytes: Buffer): Buffer {
  return Buffer.from([
    bytes[3]!,
    bytes[2]!,
    bytes[1]!,
    bytes[0]!,
    bytes[5]!,
    bytes[4]!,
    bytes[7]!,
    bytes[6]!,
    ...bytes.subarray(8),
  ]);
}

// .NET ticks (100 ns since 0001-01-01) at the Unix epoch.
const EPOCH_TICKS = 621_355_968_000_000_000n;

/** A time as Service Bus sends `com.microsoft:locked-until-utc`: .NET ticks in an AMQP long. */
export function ticksOf(time: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(Math.round(time)) * 10_000n + EPOCH_TICKS);
  return bytes;
}
