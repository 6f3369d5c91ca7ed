import {
  createConsoleLogger,
  createMessaging,
  FaultRegistry,
  LifecycleError,
  type Logger,
} from '@pragmatic-messaging/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { retryPolicyOf } from '../config/reliability-profile.js';
import type { TicketFlowConfig } from '../config/ticketflow-config.js';
import { AnomalyChanged, DeadLetterRecorded, MetricTick } from '../contracts/system-contracts.js';
import { configureAnomalySync, registerAnomalyRoutes } from './anomalies.js';
import type { Database } from './database.js';
import { startMetricsPublisher } from './metrics-publisher.js';
import type { ServiceContext, ServiceModule } from './service-module.js';
import type { TransportFactory } from './transport-factory.js';

export interface HostEnvironment {
  readonly config: () => TicketFlowConfig;
  readonly database: Database;
  /** A new transport for one bus of this process (see transport-factory.ts). */
  readonly transportFor: TransportFactory;
  readonly logger: Logger;
}

/**
 * Runs one service module: its store and schema, its bus on the configured transport and reliability features,
 * its anomaly registry (kept across restarts), metrics and background work. Can stop and start again with new
 * features while its HTTP routes stay registered.
 */
export class ServiceHost {
  readonly faults = new FaultRegistry();
  private context: ServiceContext | undefined;
  private background: (() => Promise<void>)[] = [];

  constructor(
    readonly module: ServiceModule,
    private readonly environment: HostEnvironment,
  ) {}

  get name() {
    return this.module.name;
  }

  current(): ServiceContext {
    if (!this.context) throw new LifecycleError(`Service ${this.name} is not running`);
    return this.context;
  }

  registerRoutes(app: FastifyInstance): void {
    app.register(
      async (scope) => {
        this.module.routes(scope, () => this.current());
        registerAnomalyRoutes(scope, () => this.current());
        registerOperationsRoutes(scope, () => this.current());
      },
      { prefix: `/api/${this.name}` },
    );
  }

  async start(): Promise<void> {
    const config = this.environment.config();
    const logger = this.environment.logger;
    const store = await this.environment.database.storeFor(this.name);
    await store.migrate();
    await store.transaction((tx) => this.module.migrate(tx));
    const features = config.features;
    const messaging = createMessaging({
      service: this.name,
      transport: this.environment.transportFor(this.name),
      store,
      outbox: features.outbox ? { pollIntervalMs: 500 } : false,
      inbox: features.inbox ? {} : false,
      retry: retryPolicyOf(features, config.timing.retryDelaysMs),
      faults: this.faults,
      logger,
      publishes: [...this.module.publishes, MetricTick, AnomalyChanged, DeadLetterRecorded],
    });
    const context: ServiceContext = {
      name: this.name,
      config,
      features,
      messaging,
      store,
      faults: this.faults,
      logger,
      query: async <Row>(sql: string, params?: readonly unknown[]) =>
        (await store.transaction((tx) => tx.query<Row>(sql, params))).rows,
    };
    this.module.configure(context);
    configureAnomalySync(context);
    messaging.onEvent((event) => {
      if (event.kind !== 'dead-lettered') return;
      const notice = {
        service: this.name,
        endpoint: event.endpoint,
        messageId: event.messageId,
        type: event.type,
      };
      messaging.publish(DeadLetterRecorded, notice).catch(() => {});
    });
    await messaging.start();
    this.context = context;
    this.background = [startMetricsPublisher(context)];
    const work = this.module.start?.(context);
    if (work) this.background.push(work);
  }

  async stop(): Promise<void> {
    const context = this.context;
    if (!context) return;
    this.context = undefined;
    await Promise.allSettled(this.background.map((stop) => stop()));
    this.background = [];
    await context.messaging.stop();
  }
}

const DeadLetterSelection = z.object({ endpoint: z.string(), ids: z.array(z.string()).optional() });

/** Per-service operations: health and dead letters of the service's own endpoints. */
function registerOperationsRoutes(app: FastifyInstance, context: () => ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get('/health', async () => {
    const { messaging } = context();
    return { ...messaging.health(), recoveryPlans: messaging.recoveryPlans() };
  });
  typed.get('/dead-letters', async () => {
    const { messaging, name } = context();
    const endpoints = messaging.topology().endpoints.filter((endpoint) => !endpoint.temporary);
    const lists = await Promise.all(
      endpoints.map(async (endpoint) =>
        (await messaging.deadLetters(endpoint.name).list({ limit: 100 })).map((letter) => ({
          service: name,
          endpoint: endpoint.name,
          messageId: letter.message.id,
          type: letter.message.type,
          failure: letter.failure,
          body: decodeBody(letter.message.body),
        })),
      ),
    );
    return lists.flat();
  });
  typed.post('/dead-letters/replay', { schema: { body: DeadLetterSelection } }, async (request) => {
    const { endpoint, ids } = request.body;
    return {
      replayed: await context()
        .messaging.deadLetters(endpoint)
        .replay(ids ? { ids } : {}),
    };
  });
  typed.post('/dead-letters/purge', { schema: { body: DeadLetterSelection } }, async (request) => {
    const { endpoint, ids } = request.body;
    return {
      purged: await context()
        .messaging.deadLetters(endpoint)
        .purge(ids ? { ids } : {}),
    };
  });
}

function decodeBody(body: Uint8Array): unknown {
  const text = new TextDecoder().decode(body);
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createLogger(config: TicketFlowConfig): Logger {
  return createConsoleLogger(config.logLevel);
}
