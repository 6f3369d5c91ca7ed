import { createMessaging, type Messaging } from '../bus/messaging.js';
import type { MessagingOptions } from '../bus/messaging-options.js';
import type { RetryPolicy } from '../pipeline/retry-policy.js';
import type { InMemoryBroker } from '../transport/in-memory-broker.js';
import { createInMemoryTransport } from '../transport/in-memory-transport.js';

/** Retries fast enough for a test to see every attempt in milliseconds. */
export const testRetryPolicy: RetryPolicy = { immediate: 1, delays: [10, 20] };

export interface TestMessagingOptions extends Partial<Omit<MessagingOptions, 'transport'>> {
  /** Share a broker to connect several test buses (services) in one test. */
  readonly broker?: InMemoryBroker;
}

/**
 * A bus over the in-memory transport with test-friendly defaults: service "test-service", `testRetryPolicy`
 * (override any part with `retry`) and a 5 s shutdown timeout.
 */
export function createTestMessaging(options: TestMessagingOptions = {}): Messaging {
  const { broker, retry, ...rest } = options;
  return createMessaging({
    service: 'test-service',
    shutdownTimeoutMs: 5_000,
    ...rest,
    transport: createInMemoryTransport({ broker, reconnectDelayMs: 1 }),
    retry: { ...testRetryPolicy, ...retry },
  });
}
