import { LifecycleError } from '../errors.js';
import { settlesWithin } from '../lifecycle/settles-within.js';
import type { Logger } from '../observability/logger.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { ReliabilityFeatures } from '../reliability/reliability-features.js';
import type { EndpointTopology, Topology } from '../topology/topology.js';
import type { DeliveryHandler, Subscription, Transport } from '../transport/transport.js';
import type { MessagingState } from './messaging-health.js';
import type { MessagingOptions } from './messaging-options.js';
import { type StartupProgress, type StartupSettings, untilAvailable } from './start-until-available.js';

export interface LifecycleSettings {
  readonly service: string;
  readonly transport: Transport;
  readonly options: Pick<MessagingOptions, 'provision' | 'shutdownTimeoutMs' | 'startTimeoutMs'>;
  readonly logger: Logger;
  readonly extensions: readonly MessagingExtension[];
  readonly reliability: () => Pick<ReliabilityFeatures, 'storeWatch' | 'relay'>;
  /** Publishes not settled yet: stop() waits for them (up to the shutdown timeout). */
  readonly inFlightPublishes: ReadonlySet<Promise<void>>;
}

/** What start() needs from the bus once it is committed to starting. */
export interface StartPlan {
  readonly topology: Topology;
  /** The handler the transport calls for each delivery of an endpoint. */
  readonly deliveryHandler: (endpoint: EndpointTopology) => DeliveryHandler;
}

/**
 * A bus's states and their transitions: start (connect, provision, store watch, outbox relay, extensions,
 * consumers, each waited for while unavailable) and graceful stop (drain consumers, wait for publishes, stop the
 * relay and the extensions, close the transport).
 */
export class BusLifecycle {
  private currentState: MessagingState = 'created';
  private progress: StartupProgress | undefined;
  private starting: Promise<void> | undefined;
  private stopRequested = false;
  private signalStop: () => void = () => {};
  private readonly subscriptions = new Map<string, Subscription>();
  /** Aborted when shutdown stops waiting for handlers: every handler's `ctx.signal` follows it. */
  private readonly shutdownController = new AbortController();
  readonly shutdownSignal: AbortSignal = this.shutdownController.signal;
  /** Resolves when stop() is called: ends waits for the broker (start-up) and for the store (deliveries). */
  readonly stopCalled = new Promise<void>((resolve) => {
    this.signalStop = resolve;
  });

  constructor(private readonly settings: LifecycleSettings) {}

  get state(): MessagingState {
    return this.currentState;
  }

  /** What start() waits for, while it is starting. */
  get startup(): StartupProgress | undefined {
    return this.currentState === 'starting' ? this.progress : undefined;
  }

  consuming(endpoint: string): boolean {
    return this.subscriptions.has(endpoint);
  }

  start(plan: () => StartPlan): Promise<void> {
    if (this.currentState !== 'created')
      return Promise.reject(new LifecycleError(`start() called on a bus that is ${this.currentState}`));
    this.currentState = 'starting';
    this.starting = this.startUp(plan);
    return this.starting;
  }

  private async startUp(plan: () => StartPlan): Promise<void> {
    const { transport, options, extensions, logger, service } = this.settings;
    const retry = this.startupSettings();
    try {
      const { topology, deliveryHandler } = plan();
      await untilAvailable('connect to the broker', () => transport.connect(), retry);
      if (options.provision !== false) {
        await untilAvailable('provision the topology', () => transport.provision(topology), retry);
      }
      const { storeWatch, relay } = this.settings.reliability();
      await storeWatch?.start();
      if (relay) await untilAvailable('start the outbox relay', () => relay.start(), retry);
      for (const extension of extensions) await extension.start?.();
      // Publishing is allowed before consumers start, so handlers that publish on their first message can.
      this.currentState = 'started';
      for (const endpoint of topology.endpoints) {
        await untilAvailable(
          `start consuming "${endpoint.name}"`,
          async () => {
            this.subscriptions.set(
              endpoint.name,
              await transport.consume(endpoint, deliveryHandler(endpoint)),
            );
          },
          retry,
        );
      }
      logger.info(
        { service, transport: transport.name, endpoints: topology.endpoints.length },
        'Messaging started',
      );
    } catch (error) {
      this.progress = undefined;
      this.currentState = 'stopping';
      await this.shutdown();
      throw error;
    }
  }

  private startupSettings(): StartupSettings {
    return {
      deadline: Date.now() + (this.settings.options.startTimeoutMs ?? 60_000),
      backoffMs: { initial: 200, max: 10_000 },
      logger: this.settings.logger,
      onProgress: (progress) => {
        this.progress = progress;
      },
      stopped: this.stopCalled,
      isStopped: () => this.stopRequested,
    };
  }

  async stop(): Promise<void> {
    if (this.currentState === 'stopped' || this.currentState === 'stopping') return;
    if (this.currentState === 'created') {
      this.currentState = 'stopped';
      return;
    }
    // start() may still be waiting for the broker or starting consumers: end that, and let it finish first.
    this.stopRequested = true;
    this.signalStop();
    await this.starting?.catch(() => {});
    if ((this.currentState as MessagingState) === 'stopped') return;
    this.currentState = 'stopping';
    await this.shutdown();
  }

  private async shutdown(): Promise<void> {
    const { service, logger, extensions } = this.settings;
    const drain = Promise.all([...this.subscriptions.values()].map((subscription) => subscription.stop()));
    const timeoutMs = this.settings.options.shutdownTimeoutMs ?? 30_000;
    if (!(await settlesWithin(drain, timeoutMs))) {
      this.shutdownController.abort(
        new LifecycleError(
          `Bus "${service}" stopped waiting for handlers after ${timeoutMs} ms (shutdownTimeoutMs); the message will be redelivered`,
        ),
      );
      logger.warn(
        { service, timeoutMs },
        'Handlers still running at shutdown timeout; their messages will be redelivered',
      );
    }
    this.subscriptions.clear();
    await this.awaitPublishes(timeoutMs);
    const { storeWatch, relay } = this.settings.reliability();
    await relay?.stop(timeoutMs, { brokerAway: this.brokerAway() });
    storeWatch?.stop();
    for (const extension of [...extensions].reverse()) {
      const stopping = Promise.resolve()
        .then(() => extension.stop?.())
        .catch((error: unknown) => {
          logger.error({ service, err: error }, 'Extension failed to stop cleanly');
        });
      if (!(await settlesWithin(stopping, timeoutMs))) {
        logger.warn(
          { service, timeoutMs },
          'An extension did not stop within the shutdown timeout; not waiting for it',
        );
      }
    }
    await this.closeTransport(timeoutMs);
    this.currentState = 'stopped';
    logger.info({ service }, 'Messaging stopped');
  }

  /**
   * Unconfirmed publishes get up to the shutdown timeout while the broker is there. With the broker away (the
   * transport reconnecting) they would only wait out the timeout — 30 s for each stop, measured on RabbitMQ — so
   * stop() does not wait for them: they fail when the transport closes, and an outbox row stays for the next start.
   */
  private async awaitPublishes(timeoutMs: number): Promise<void> {
    const { service, logger, inFlightPublishes, transport } = this.settings;
    if (inFlightPublishes.size === 0) return;
    if (this.brokerAway()) {
      logger.warn(
        { service, publishes: inFlightPublishes.size, transport: transport.health().status },
        'Publishes still unconfirmed at stop, and the broker is away: not waiting for them',
      );
      return;
    }
    if (!(await settlesWithin(Promise.allSettled(inFlightPublishes), timeoutMs))) {
      logger.warn({ service, timeoutMs }, 'Publishes still unconfirmed at shutdown timeout');
    }
  }

  private brokerAway(): boolean {
    const { status } = this.settings.transport.health();
    return status === 'reconnecting' || status === 'failed';
  }

  /**
   * A client library that hangs while closing (a leave-group request no broker answers, say) must not hold stop()
   * for ever: after the shutdown timeout the bus stops without it. What it held is not lost: unsettled deliveries
   * come again, as after a crash. A close that fails in time still fails stop().
   */
  private async closeTransport(timeoutMs: number): Promise<void> {
    const { service, logger, transport } = this.settings;
    const closing = transport.close();
    if (await settlesWithin(closing, timeoutMs)) return closing;
    logger.warn(
      { service, transport: transport.name, timeoutMs },
      'The transport did not close within the shutdown timeout; stopped without waiting for it',
    );
    closing.catch((error: unknown) => {
      logger.error({ service, err: error }, 'The transport failed to close after the shutdown timeout');
    });
  }
}
