import type { TelemetryAttributes, TransportTelemetry } from '@pragmatic-messaging/core';

/** Kafka in the OpenTelemetry messaging conventions: the first bootstrap broker and each record's key. */
export function kafkaTelemetry(brokers: readonly string[]): TransportTelemetry {
  const [host = '', port] = (brokers[0] ?? '').split(/:(?=\d+$)/);
  return {
    system: 'kafka',
    attributes: { 'server.address': host, 'server.port': Number(port) || 9092 },
    publishAttributes: (message) => keyAttributes(message.key),
  };
}

/** Where a consumed record was: partition, offset and key. */
export function recordAttributes(
  partition: number,
  offset: string,
  key: string | undefined,
): TelemetryAttributes {
  return {
    'messaging.destination.partition.id': String(partition),
    'kafka.offset': Number(offset),
    ...keyAttributes(key),
  };
}

function keyAttributes(key: string | undefined): TelemetryAttributes {
  return key === undefined ? {} : { 'kafka.message.key': key };
}
