import {
  createConsoleLogger,
  createMessaging,
  FaultRegistry,
  LifecycleError,
  type Logger,
  type Messaging,
} from '@pragmatic-messaging/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { retryPolicyOf } from '../config/reliability-profile.js';
import type { TicketFlowConfig } from '../config/ticketflow-config.js';
import { AnomalyChanged, DeadLetterRecorded, MetricTick } from '../contracts/system-contracts.js';
import { configureAnomalySync, registerAnomalyRoutes } from './anomalies.js';
import type { Database } from './database.js';
import { documentUnavailability, refusals } from './error-responses.js';
import { NotFoundError } from './http-errors.js';
import { startMetricsPublisher } from './metrics-publisher.js';
import type { ServiceContext, ServiceModule } from './service-module.js';
import type { TransportFactory } from './transport-factory.js';

/** What the host publishes for every service besides the module's own contracts. */
export const HOST_PUBLISHES = [MetricTick, AnomalyChanged, DeadLetterRecorded] as const;

export interface HostEnvironment {
  readonly config: () => TicketFlowConfig;
  readonly database: Database;
  /** A new transport for one bus of this process (see transport-factory.ts). */
  readonly transportFor: TransportFactory;
  readonly logger: Logger;
  /**
   * How a publish finds its unit of work (core's `messageScope`; default `ambient`). TicketFlow publishes only
   * through `ctx.publish` and the `publish` of `messaging.transaction()`, so it behaves the same in both modes;
   * a test runs it `explicit` to prove that.
   */
  readonly messageScope?: 'ambient' | 'explicit';
}

/**
 * Runs one service module: its store and schema, its bus on the configured transport and reliability features,
 * its anomaly registry (kept across restarts), metrics and background work. Can stop and start again with new
 * features while its HTTP routes stay registered.
 */
export class ServiceHost {
  readonly faults = new FaultRegistry();
  private context: ServiceContext | undefined;
  /** The bus from the moment it starts (also while it waits for the broker), for health. */
  private bus: Messaging | undefined;
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

  /** The service's bus, running or starting; undefined between stop and start. */
  messaging(): Messaging | undefined {
    return this.bus;
  }

  registerRoutes(app: FastifyInstance): void {
    app.register(
      async (scope) => {
        documentUnavailability(scope);
        this.module.routes(scope, () => this.current());
        registerAnomalyRoutes(scope, () => this.current());
        registerHealthRoutes(scope, () => this.bus);
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
      messageScope: this.environment.messageScope,
      publishes: [...this.module.publishes, ...HOST_PUBLISHES],
      // A service waits for its broker and database as long as it takes; health says what it waits for.
      startTimeoutMs: Number.POSITIVE_INFINITY,
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
    this.bus = messaging;
    try {
      await messaging.start();
    } catch (error) {
      this.bus = undefined;
      throw error;
    }
    this.context = context;
    this.background = [startMetricsPublisher(context)];
    const work = this.module.start?.(context);
    if (work) this.background.push(work);
  }

  async stop(): Promise<void> {
    const context = this.context;
    const bus = this.bus;
    this.context = undefined;
    this.bus = undefined;
    await Promise.allSettled(this.background.map((stop) => stop()));
    this.background = [];
    await (context?.messaging ?? bus)?.stop();
  }
}

const DeadLetterSelection = z.object({ endpoint: z.string(), ids: z.array(z.string()).optional() });

/** Why a probe fails, or the service is not running at all (the routes' 503). */
const Reasons = z.array(z.string());
const ProbeAnswer = {
  live: z.object({ live: z.boolean(), reasons: Reasons }),
  ready: z.object({ ready: z.boolean(), reasons: Reasons }),
};
const NotRunning = z.object({ live: z.boolean(), ready: z.boolean(), reasons: Reasons });
const NOT_RUNNING: z.infer<typeof NotRunning> = {
  live: false,
  ready: false,
  reasons: ['the service is not running'],
};

/**
 * Health of the service's bus: `/health` the whole report (always 200, for dashboards), `/health/live` and
 * `/health/ready` 200 or 503 with the reasons, for process supervisors and load balancers.
 */
function registerHealthRoutes(app: FastifyInstance, bus: () => Messaging | undefined): void {
  app.get('/health', { schema: { response: { 503: NotRunning } } }, async (_request, reply) => {
    const messaging = bus();
    if (!messaging) return reply.status(503).send(NOT_RUNNING);
    return { ...messaging.health(), recoveryPlans: messaging.recoveryPlans() };
  });
  for (const probe of ['live', 'ready'] as const) {
    const answer = ProbeAnswer[probe];
    app.get(
      `/health/${probe}`,
      { schema: { response: { 200: answer, 503: answer } } },
      async (_request, reply) => {
        const health = bus()?.health() ?? NOT_RUNNING;
        return reply
          .status(health[probe] ? 200 : 503)
          .send({ [probe]: health[probe], reasons: health.reasons });
      },
    );
  }
}

/** Per-service operations: dead letters of the service's own endpoints. */
function registerOperationsRoutes(app: FastifyInstance, context: () => ServiceContext): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
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
  const schema = (answer: 'replayed' | 'purged') => ({
    body: DeadLetterSelection,
    response: { 200: z.object({ [answer]: z.number().int() }), ...refusals(404) },
  });
  typed.post('/dead-letters/replay', { schema: schema('replayed') }, async (request) => {
    const { endpoint, ids } = request.body;
    return { replayed: await deadLettersOf(context(), endpoint).replay(ids ? { ids } : {}) };
  });
  typed.post('/dead-letters/purge', { schema: schema('purged') }, async (request) => {
    const { endpoint, ids } = request.body;
    return { purged: await deadLettersOf(context(), endpoint).purge(ids ? { ids } : {}) };
  });
}

/** The dead letters of one of the service's own endpoints; another name (another service's endpoint…) is a 404. */
function deadLettersOf({ messaging, name }: ServiceContext, endpoint: string) {
  const endpoints = messaging.topology().endpoints.map((own) => own.name);
  if (!endpoints.includes(endpoint))
    throw new NotFoundError('Endpoint', `${JSON.stringify(endpoint)} of service ${name}`, {
      hint: `its endpoints are ${endpoints.join(', ')}`,
    });
  return messaging.deadLetters(endpoint);
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
