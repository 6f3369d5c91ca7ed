import { ConfigurationError } from '@pragmatic-messaging/core';
import type {
  ConnectionState,
  GroupConsumer,
  GroupConsumerSettings,
  KafkaClient,
  OutgoingRecord,
  PartitionOffset,
  TopicSpec,
} from './kafka-client.js';

/** Where a client library lives, for the error that says it is missing. */
export interface ClientPackage {
  readonly name: string;
  readonly install: string;
}

/**
 * A `KafkaClient` whose implementation is loaded on the first `connect()`: the client library behind it is an
 * optional peer dependency, so its module is imported only by the transports that chose it, and a missing package
 * fails that `connect()` with a `ConfigurationError` saying what to install — not the import of the transport.
 * The transport calls nothing else before `connect()` resolved, except `onConnectionState` (kept and handed over),
 * `dropConnections` and `close` (nothing to do without a client).
 */
export class LazyKafkaClient implements KafkaClient {
  private client: KafkaClient | undefined;
  private loading: Promise<KafkaClient> | undefined;
  private readonly listeners: ((state: ConnectionState, detail?: string) => void)[] = [];

  constructor(
    private readonly load: () => Promise<KafkaClient>,
    private readonly library: ClientPackage,
  ) {}

  async connect(): Promise<void> {
    await (await this.loaded()).connect();
  }

  private loaded(): Promise<KafkaClient> {
    this.loading ??= this.load().then(
      (client) => {
        for (const listener of this.listeners) client.onConnectionState(listener);
        this.client = client;
        return client;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw missingPackageError(error, this.library);
      },
    );
    return this.loading;
  }

  private get loadedClient(): KafkaClient {
    if (!this.client) throw new Error('The Kafka client is used before connect()');
    return this.client;
  }

  produce(records: readonly OutgoingRecord[]): Promise<void> {
    return this.loadedClient.produce(records);
  }

  topicNames(): Promise<Set<string>> {
    return this.loadedClient.topicNames();
  }

  createTopics(topics: readonly TopicSpec[]): Promise<void> {
    return this.loadedClient.createTopics(topics);
  }

  topicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]> {
    return this.loadedClient.topicOffsets(topic);
  }

  committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]> {
    return this.loadedClient.committedOffsets(groupId, topic);
  }

  setCommittedOffsets(groupId: string, topic: string, offsets: readonly PartitionOffset[]): Promise<void> {
    return this.loadedClient.setCommittedOffsets(groupId, topic, offsets);
  }

  groupExists(groupId: string): Promise<boolean> {
    return this.loadedClient.groupExists(groupId);
  }

  deleteGroup(groupId: string): Promise<void> {
    return this.loadedClient.deleteGroup(groupId);
  }

  groupConsumer(settings: GroupConsumerSettings): GroupConsumer {
    return this.loadedClient.groupConsumer(settings);
  }

  onConnectionState(listener: (state: ConnectionState, detail?: string) => void): void {
    if (this.client) this.client.onConnectionState(listener);
    else this.listeners.push(listener);
  }

  dropConnections(): void {
    this.client?.dropConnections();
  }

  async close(): Promise<void> {
    // A load still under way is waited for, so a client it makes is closed too.
    const client = this.client ?? (await this.loading?.catch(() => undefined));
    await client?.close();
  }
}

/**
 * The import failed: when it is the library that could not be found, say which package to install; any other
 * failure (the library failed while loading) is passed on as it is.
 */
export function missingPackageError(error: unknown, library: ClientPackage): unknown {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  if (!notFound || !message?.includes(library.name)) return error;
  return new ConfigurationError(
    `Kafka transport: the client library ${library.name} is not installed; install it with \`${library.install}\``,
  );
}
