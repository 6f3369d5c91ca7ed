import type { TransportMessage } from '../contracts/transport-message.js';
import { ConfigurationError, LifecycleError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { ConsumeContext } from '../pipeline/consume-context.js';
import type { Publish } from '../pipeline/handler-context.js';
import type { MessageScope } from '../pipeline/message-scope.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { ProduceContext } from '../pipeline/produce-context.js';
import type { UnitOfWorkHooks } from '../pipeline/unit-of-work.js';
import type { MessageStore, StoreTransaction } from '../stores/message-store.js';
import { inboxStep } from './inbox-step.js';
import { type OrderingGuardOptions, orderingGuardStep } from './ordering-guard-step.js';
import { type OutboxOrSendSettings, outboxOrSend } from './outbox-or-send.js';
import { type OutboxOptions, OutboxRelay } from './outbox-relay.js';
import { outlastStoreOutages } from './outlast-store-outages.js';
import { runTransaction } from './run-transaction.js';
import { StoreWatch } from './store-watch.js';
import { unitOfWorkStep } from './unit-of-work-step.js';

/** Processed ids are remembered for a week unless configured otherwise. */
const DEFAULT_INBOX_RETENTION_MS = 7 * 24 * 3_600_000;

export interface ReliabilitySettings {
  readonly store?: MessageStore | undefined;
  readonly outbox?: OutboxOptions | false | undefined;
  readonly inbox?: { readonly retentionMs?: number } | false | undefined;
  readonly logger: Logger;
  /** Hands messages to the transport now (the relay's and direct sends). */
  readonly send: (messages: readonly TransportMessage[]) => Promise<void>;
  /** The bus's extensions, read when they are needed (they can be added until start). */
  readonly extensions: readonly MessagingExtension[];
  /** Resolves when the bus stops: a delivery waiting for the store is then given back to the broker. */
  readonly stopping: Promise<void>;
}

/** What the reliability features read of an endpoint. */
export interface ReliableEndpoint {
  readonly name: string;
  readonly options: {
    readonly transactional?: boolean | undefined;
    readonly inbox?: boolean | undefined;
    readonly orderingGuard?: boolean | OrderingGuardOptions | undefined;
  };
}

/**
 * The bus's built-in reliability: the store watch, the transactional outbox (relay), the unit of work, the inbox
 * and the ordering guard. They plug into the consume pipeline as steps (`stepsFor`) and into the produce pipeline
 * as its dispatch (`dispatch`: outbox or send) — the points a MessagingExtension has — and call the extensions'
 * unit-of-work and outbox hooks.
 */
export class ReliabilityFeatures {
  readonly storeWatch: StoreWatch | undefined;
  readonly relay: OutboxRelay | undefined;
  private dispatchSettings: OutboxOrSendSettings | undefined;

  constructor(private readonly settings: ReliabilitySettings) {
    const { store, outbox, inbox, logger } = settings;
    if (!store && (outbox || inbox)) throw new ConfigurationError('The outbox and the inbox need a store');
    this.storeWatch =
      store && new StoreWatch(store, (outbox ? outbox.pollIntervalMs : undefined) ?? 1_000, logger);
    this.relay = this.createRelay();
  }

  private createRelay(): OutboxRelay | undefined {
    const { store, outbox, logger, send, extensions } = this.settings;
    if (!store || !this.storeWatch || outbox === false) return undefined;
    const storeWatch = this.storeWatch;
    return new OutboxRelay({
      store,
      backlog: () => storeWatch.backlog,
      send,
      logger,
      options: outbox ?? {},
      inboxRetentionMs: this.inboxRetentionMs() ?? DEFAULT_INBOX_RETENTION_MS,
      afterPublish: async (entries) => {
        for (const extension of extensions) await extension.outboxPublished?.(entries);
      },
    });
  }

  /** The bus's inbox retention; undefined without a store or with the inbox off. */
  inboxRetentionMs(): number | undefined {
    const { store, inbox } = this.settings;
    if (!store || inbox === false) return undefined;
    return inbox?.retentionMs ?? DEFAULT_INBOX_RETENTION_MS;
  }

  transactional(endpoint: ReliableEndpoint): boolean {
    return this.settings.store !== undefined && endpoint.options.transactional !== false;
  }

  deduplicates(endpoint: ReliableEndpoint): boolean {
    return (
      this.transactional(endpoint) &&
      this.inboxRetentionMs() !== undefined &&
      endpoint.options.inbox !== false
    );
  }

  /** unit of work → inbox → ordering guard, for one endpoint; throws on settings that cannot work. */
  stepsFor(endpoint: ReliableEndpoint): Middleware<ConsumeContext>[] {
    const { store } = this.settings;
    const steps: Middleware<ConsumeContext>[] = [];
    const transactional = this.transactional(endpoint);
    if ((endpoint.options.inbox || endpoint.options.orderingGuard) && !transactional) {
      throw new ConfigurationError(
        `Endpoint "${endpoint.name}": the inbox and the ordering guard need a transactional endpoint on a bus with a store`,
      );
    }
    if (transactional && store) {
      steps.push(unitOfWorkStep(store, () => this.relay?.kick(), this.unitOfWorkHooks()));
      if (this.deduplicates(endpoint)) steps.push(inboxStep);
      const guard = endpoint.options.orderingGuard;
      if (guard) steps.push(orderingGuardStep(guard === true ? {} : guard));
    }
    return steps;
  }

  /** The extensions' unit-of-work hooks as one. */
  private unitOfWorkHooks(): UnitOfWorkHooks {
    const hooks = this.hooks();
    if (hooks.length === 0) return {};
    return {
      beforeTransaction: async (context) => {
        for (const hook of hooks) await hook.beforeTransaction?.(context);
      },
      withinTransaction: async (context, unitOfWork) => {
        for (const hook of hooks) await hook.withinTransaction?.(context, unitOfWork);
      },
      afterTransaction: async (context, unitOfWork) => {
        for (const hook of hooks) await hook.afterTransaction?.(context, unitOfWork);
      },
    };
  }

  private hooks(): UnitOfWorkHooks[] {
    return this.settings.extensions.flatMap((extension) =>
      extension.unitOfWork ? [extension.unitOfWork] : [],
    );
  }

  /** For a transactional endpoint: a try that fails because the store is unreachable waits for it, then runs again. */
  outlastOutages(
    endpoint: ReliableEndpoint,
  ): ((tryOnce: () => Promise<void>, onOutage: (error: unknown) => void) => Promise<void>) | undefined {
    const storeWatch = this.storeWatch;
    if (!storeWatch || !this.transactional(endpoint)) return undefined;
    return (tryOnce, onOutage) => outlastStoreOutages(tryOnce, storeWatch, this.settings.stopping, onOutage);
  }

  /** The produce pipeline's last step: the outbox inside a unit of work, the transport otherwise. */
  dispatch(envelope: TransportMessage, context: ProduceContext): Promise<void> {
    // Built on the first publish (after start: no extension can be added any more), not per message.
    this.dispatchSettings ??= {
      outbox: this.relay !== undefined,
      extensions: this.settings.extensions,
      send: (message) => this.settings.send([message]),
    };
    return outboxOrSend(envelope, context, this.dispatchSettings);
  }

  requireStore(): MessageStore {
    const store = this.settings.store;
    if (!store)
      throw new ConfigurationError('messaging.transaction() needs a store: pass one to createMessaging');
    return store;
  }

  /** `messaging.transaction()`: needs a store and a started (or stopping) bus. */
  async transaction<T>(
    work: (tx: StoreTransaction, publish: Publish) => Promise<T>,
    correlationId: string | undefined,
    bus: {
      /** The bus's state (MessagingState). */
      readonly state: string;
      readonly ambientScope: boolean;
      readonly publisherIn: (scope: MessageScope) => Publish;
    },
  ): Promise<T> {
    const store = this.requireStore();
    if (bus.state !== 'started' && bus.state !== 'stopping') {
      throw new LifecycleError(`Cannot open a transaction while the bus is ${bus.state}; call start() first`);
    }
    return runTransaction(work, correlationId, {
      store,
      ambientScope: bus.ambientScope,
      publisherIn: bus.publisherIn,
      afterCommit: () => this.relay?.kick(),
      hooks: this.hooks(),
    });
  }
}
