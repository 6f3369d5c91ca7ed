import type { RetryOptions } from '@azure/service-bus';
import { AdministrationClientDouble } from './administration-client-double.js';
import { ServiceBusClientDouble } from './service-bus-client-double.js';
import type { TopicEntity } from './topic-entity.js';

export interface NamespaceDoubleOptions {
  /**
   * Standard: 256 KiB per message, no per-entity size setting. Premium: 1 MiB by default, up to 100 MiB per
   * entity (`maxMessageSizeInKilobytes`). https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas
   */
  readonly tier?: 'standard' | 'premium';
  readonly name?: string;
}

/**
 * An in-memory Service Bus namespace behind the SDK's client surface: what a test gives the transport instead
 * of a real namespace. Clients created from it share its topics, like clients of one real namespace.
 */
export class ServiceBusNamespaceDouble {
  readonly topics = new Map<string, TopicEntity>();
  readonly tier: 'standard' | 'premium';
  readonly host: string;
  private sequence = 0;
  private readonly clients = new Set<ServiceBusClientDouble>();

  constructor(options: NamespaceDoubleOptions = {}) {
    this.tier = options.tier ?? 'standard';
    this.host = `${options.name ?? 'double'}.servicebus.windows.net`;
  }

  get defaultMaxMessageSizeInBytes(): number {
    return this.tier === 'premium' ? 1024 * 1024 : 256 * 1024;
  }

  nextSequenceNumber(): number {
    this.sequence += 1;
    return this.sequence;
  }

  /** One ServiceBusClient: one AMQP connection, which `simulateConnectionLoss` can cut. */
  createClient(options: { retryOptions?: RetryOptions } = {}): ServiceBusClientDouble {
    const client = new ServiceBusClientDouble(this, options);
    this.clients.add(client);
    return client;
  }

  createAdministrationClient(): AdministrationClientDouble {
    return new AdministrationClientDouble(this);
  }

  /** Clears every timer (locks, scheduled messages) so a test run can end. */
  dispose(): void {
    for (const topic of this.topics.values()) topic.dispose();
  }
}
