import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { ConfigurationError, type Logger, silentLogger } from '@pragmatic-messaging/core';

export type RabbitMqQueueType = 'classic' | 'quorum';

/** How the transport reconnects after the broker connection drops: exponential backoff with jitter. */
export interface RabbitMqReconnectOptions {
  /** First delay before reconnecting, ms. Default 100. */
  readonly initialDelayMs?: number;
  /** Longest delay between attempts, ms. Default 10 000. */
  readonly maxDelayMs?: number;
  /** Give up (health "failed") after this many failed attempts in a row. Default: never give up. */
  readonly maxAttempts?: number;
}

export interface RabbitMqTransportOptions {
  /**
   * `amqp://` or `amqps://` URL(s) with optional credentials and vhost. With several URLs (cluster nodes) each
   * connection attempt moves on to the next one.
   */
  readonly url: string | readonly string[];
  /** Overrides the credentials in the URL(s). */
  readonly username?: string;
  readonly password?: string;
  /** Overrides the vhost in the URL(s). */
  readonly vhost?: string;
  /** TLS settings (CA, client certificate…) for `amqps://` URLs, passed to Node's `tls.connect`. */
  readonly tls?: TlsOptions;
  /** Heartbeat interval in seconds; 0 disables heartbeats. Default 30. */
  readonly heartbeatSeconds?: number;
  /**
   * Shown in the RabbitMQ management UI for this transport's connection; set it per service. A short unique
   * suffix is added so every transport instance can be told apart (see `connectionName`).
   */
  readonly connectionName?: string;
  /** `classic` (default) or `quorum` (replicated) queues for endpoints, retries and dead letters. */
  readonly queueType?: RabbitMqQueueType;
  /** Prepended to every exchange and queue name, e.g. `staging.`. Default none. */
  readonly prefix?: string;
  /** Overrides every endpoint's prefetch (unacknowledged messages buffered per instance). */
  readonly prefetch?: number;
  /** How long `send` waits for a connection during an outage before it rejects, ms. Default 30 000. */
  readonly publishTimeoutMs?: number;
  /** Connection attempts made by `connect()` before it gives up. Default 3. */
  readonly initialConnectAttempts?: number;
  readonly reconnect?: RabbitMqReconnectOptions;
  /** Largest message accepted by `send`, bytes. Default 128 MiB (RabbitMQ's default `max_message_size`). */
  readonly maxMessageBytes?: number;
  /** Structured logger for connection events. Default silent. */
  readonly logger?: Logger;
}

export interface ResolvedRabbitMqOptions {
  readonly urls: readonly string[];
  readonly tls: TlsOptions | undefined;
  readonly heartbeatSeconds: number;
  readonly connectionName: string;
  readonly queueType: RabbitMqQueueType;
  readonly prefix: string;
  readonly prefetch: number | undefined;
  readonly publishTimeoutMs: number;
  readonly initialConnectAttempts: number;
  readonly reconnect: Required<RabbitMqReconnectOptions>;
  readonly maxMessageBytes: number;
  readonly logger: Logger;
}

const DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

export function resolveRabbitMqOptions(
  options: RabbitMqTransportOptions,
  instanceId: string,
): ResolvedRabbitMqOptions {
  const urls = (typeof options.url === 'string' ? [options.url] : [...options.url]).map((url) =>
    withOverrides(url, options),
  );
  if (urls.length === 0) throw new ConfigurationError('createRabbitMqTransport needs at least one url');
  const queueType = options.queueType ?? 'classic';
  if (queueType !== 'classic' && queueType !== 'quorum') {
    throw new ConfigurationError(`RabbitMQ queueType must be "classic" or "quorum", got "${queueType}"`);
  }
  return {
    urls,
    tls: options.tls,
    heartbeatSeconds: options.heartbeatSeconds ?? 30,
    connectionName: `${options.connectionName ?? 'pragmatic-messaging'}#${instanceId}`,
    queueType,
    prefix: options.prefix ?? '',
    prefetch: options.prefetch,
    publishTimeoutMs: options.publishTimeoutMs ?? 30_000,
    initialConnectAttempts: Math.max(1, options.initialConnectAttempts ?? 3),
    reconnect: {
      initialDelayMs: options.reconnect?.initialDelayMs ?? 100,
      maxDelayMs: options.reconnect?.maxDelayMs ?? 10_000,
      maxAttempts: options.reconnect?.maxAttempts ?? Number.POSITIVE_INFINITY,
    },
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    logger: options.logger ?? silentLogger,
  };
}

function withOverrides(url: string, options: RabbitMqTransportOptions): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Never echo the URL itself: it may hold a password.
    throw new ConfigurationError('A RabbitMQ url is not a valid URL (expected amqp://… or amqps://…)');
  }
  if (parsed.protocol !== 'amqp:' && parsed.protocol !== 'amqps:') {
    throw new ConfigurationError(
      `A RabbitMQ url must start with amqp:// or amqps://, got ${parsed.protocol}//`,
    );
  }
  if (options.username !== undefined) parsed.username = encodeURIComponent(options.username);
  if (options.password !== undefined) parsed.password = encodeURIComponent(options.password);
  if (options.vhost !== undefined) parsed.pathname = `/${encodeURIComponent(options.vhost)}`;
  return parsed.toString();
}
