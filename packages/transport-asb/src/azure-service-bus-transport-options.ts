import type { RetryOptions, ServiceBusAdministrationClient } from '@azure/service-bus';
import { ConfigurationError, type Logger } from '@pragmatic-messaging/core';
import type { ServiceBusSdk } from './service-bus-surface.js';

/** Standard tier: 256 KiB per message. Premium: 1 MiB by default, up to 100 MiB per entity. */
export const STANDARD_TIER_MAX_MESSAGE_BYTES = 256 * 1024;
export const PREMIUM_TIER_MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/**
 * A credential both SDK clients accept: a `TokenCredential` (e.g. `@azure/identity`) or a `NamedKeyCredential`.
 * Taken from the SDK's own constructor, so it cannot drift from it.
 */
export type ServiceBusCredential = ConstructorParameters<typeof ServiceBusAdministrationClient>[1];

// Service Bus accepts lock durations from 5 seconds to 5 minutes.
const MIN_LOCK_MS = 5_000;
const MAX_LOCK_MS = 5 * 60_000;

interface CommonOptions {
  /** Prepended to every topic and subscription name, e.g. `staging-`. */
  readonly namePrefix?: string;
  /**
   * Largest serialized message accepted (body and headers). Default 256 KiB (standard tier). On a premium
   * namespace set up to 100 MiB: topics are then created with a matching `maxMessageSizeInKilobytes`.
   */
  readonly maxMessageBytes?: number;
  /** How long a receiver holds a message before Service Bus redelivers it; renewed while a handler runs. Default 60 000. */
  readonly lockDurationMs?: number;
  /** Deliveries (abandons and lock expiries) before Service Bus dead-letters a message itself. Default 10. */
  readonly maxDeliveryCount?: number;
  /** Time to live of messages in subscriptions, ms. Default: the broker's (practically forever). */
  readonly messageTimeToLiveMs?: number;
  /** Turn on native duplicate detection on topics, over this window (ms). Off by default. */
  readonly duplicateDetectionWindowMs?: number;
  /** How long an idle session receiver waits for the next message of its session before taking another. Default 1 000. */
  readonly sessionIdleTimeoutMs?: number;
  /** First pause before a failing receiver is recreated; doubles up to 30 s. Default 250. */
  readonly reconnectDelayMs?: number;
  /** The SDK's own retry policy (attempts, delays, timeouts of each operation). */
  readonly retryOptions?: RetryOptions;
  /** Structured logger; silent by default. */
  readonly logger?: Logger;
}

export interface ConnectionStringOptions extends CommonOptions {
  /** A namespace connection string (`Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…`). Never logged. */
  readonly connectionString: string;
}

export interface CredentialOptions extends CommonOptions {
  /** `<namespace>.servicebus.windows.net` */
  readonly fullyQualifiedNamespace: string;
  /** Any `@azure/identity` credential, e.g. `new DefaultAzureCredential()`. */
  readonly credential: ServiceBusCredential;
}

export interface InjectedSdkOptions extends CommonOptions {
  /**
   * Ready-made clients, for tests (the in-repo double) or to share clients you configured yourself. The
   * transport closes them on `close()`.
   */
  readonly sdk: ServiceBusSdk;
}

export type AzureServiceBusTransportOptions =
  | ConnectionStringOptions
  | CredentialOptions
  | InjectedSdkOptions;

export interface ResolvedTransportSettings {
  readonly namePrefix: string;
  readonly maxMessageBytes: number;
  readonly lockDurationMs: number;
  readonly maxDeliveryCount: number;
  readonly messageTimeToLiveMs: number | undefined;
  readonly duplicateDetectionWindowMs: number | undefined;
  readonly sessionIdleTimeoutMs: number;
  readonly reconnectDelayMs: number;
}

export function resolveTransportSettings(
  options: AzureServiceBusTransportOptions,
): ResolvedTransportSettings {
  const lockDurationMs = options.lockDurationMs ?? 60_000;
  if (lockDurationMs < MIN_LOCK_MS || lockDurationMs > MAX_LOCK_MS) {
    throw new ConfigurationError(
      `Azure Service Bus lockDurationMs must be from ${MIN_LOCK_MS} to ${MAX_LOCK_MS} ms, got ${lockDurationMs}`,
    );
  }
  const maxMessageBytes = options.maxMessageBytes ?? STANDARD_TIER_MAX_MESSAGE_BYTES;
  if (maxMessageBytes > PREMIUM_TIER_MAX_MESSAGE_BYTES) {
    throw new ConfigurationError(
      `Azure Service Bus maxMessageBytes is at most ${PREMIUM_TIER_MAX_MESSAGE_BYTES} (premium tier), got ${maxMessageBytes}`,
    );
  }
  return {
    namePrefix: options.namePrefix ?? '',
    maxMessageBytes,
    lockDurationMs,
    maxDeliveryCount: options.maxDeliveryCount ?? 10,
    messageTimeToLiveMs: options.messageTimeToLiveMs,
    duplicateDetectionWindowMs: options.duplicateDetectionWindowMs,
    sessionIdleTimeoutMs: options.sessionIdleTimeoutMs ?? 1_000,
    reconnectDelayMs: options.reconnectDelayMs ?? 250,
  };
}
