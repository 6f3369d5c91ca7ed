import type {
  FaultRegistry,
  Logger,
  MessageContract,
  MessageStore,
  Messaging,
  SqlExecutor,
} from '@pragmatic-messaging/core';
import type { FastifyInstance } from 'fastify';
import type { ReliabilityFeatures } from '../config/reliability-profile.js';
import type { ServiceName, TicketFlowConfig } from '../config/ticketflow-config.js';

/** What a running service gets: its bus, its store, its faults, and a way to read its data. */
export interface ServiceContext {
  readonly name: ServiceName;
  readonly config: TicketFlowConfig;
  readonly features: ReliabilityFeatures;
  readonly messaging: Messaging;
  /** The service's store (PostgreSQL or PGlite when running); its transactions run the service's own SQL too. */
  readonly store: MessageStore;
  readonly faults: FaultRegistry;
  readonly logger: Logger;
  /** Run a read (or a write that publishes nothing) in its own transaction. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * One TicketFlow service: its tables, its endpoints and handlers, its HTTP routes and its background work.
 * The runtime hosts it in-process with the others (embedded) or alone (distributed); the module cannot tell.
 */
export interface ServiceModule {
  readonly name: ServiceName;
  /** Contracts it publishes, so their topics exist before the first publish. */
  readonly publishes: readonly Pick<MessageContract, 'type' | 'topic'>[];
  /** Create (idempotently) and seed the service's tables, in its own schema. */
  migrate(sql: SqlExecutor): Promise<void>;
  /** Declare endpoints and handlers on the (not yet started) bus. */
  configure(context: ServiceContext): void;
  /** HTTP routes, registered under /api/<name>. `context()` is the running context (it changes on restart). */
  routes(app: FastifyInstance, context: () => ServiceContext): void;
  /** Background work (schedulers); returns how to stop it. */
  start?(context: ServiceContext): () => Promise<void>;
}
