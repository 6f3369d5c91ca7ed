import type net from 'node:net';
import type tls from 'node:tls';
import type { Logger } from '@pragmatic-messaging/core';
import type { KafkaSaslOptions, ResolvedKafkaOptions } from '../kafka-transport-options.js';

/** What every `KafkaClient` implementation is built from: the same settings, so either library follows the same options. */
export interface KafkaClientSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly ssl?: tls.ConnectionOptions | boolean | undefined;
  readonly sasl?: KafkaSaslOptions | undefined;
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
  /** Attempts of one send, each with a new producer, before it fails. Default 8 (about 10 s with the backoff). */
  readonly produceAttempts?: number | undefined;
  /** Sees every broker socket as it opens: the seam for wire-level fault drills in tests. */
  readonly onSocket?: ((socket: net.Socket) => void) | undefined;
}

/** The client settings that follow from the transport's options. */
export function clientSettingsOf(options: ResolvedKafkaOptions): KafkaClientSettings {
  return {
    brokers: options.brokers,
    clientId: options.clientId,
    ssl: options.ssl,
    sasl: options.sasl,
    connectionTimeoutMs: options.connectionTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    logger: options.logger,
  };
}
