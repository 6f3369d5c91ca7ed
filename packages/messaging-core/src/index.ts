/**
 * The public surface of @pragmatic-messaging/core. Anything not exported here is internal.
 * @module core
 */

export type {
  AsyncApiBindings,
  AsyncApiChannel,
  AsyncApiDocument,
  AsyncApiInfo,
  AsyncApiMessage,
  AsyncApiOperation,
  AsyncApiParameter,
  AsyncApiReference,
  AsyncApiServer,
  AsyncApiTag,
  JsonSchema,
} from './asyncapi/asyncapi-document.js';
export { asyncApiDocument } from './asyncapi/asyncapi-generator.js';
export type { AsyncApiDescribable, AsyncApiSource } from './asyncapi/asyncapi-source.js';
export type { BusEvent, BusEventListener, SettlementVerb } from './bus/bus-events.js';
export { failureOf } from './bus/consume-pipeline.js';
export type { ConsumeStage, EndpointOptions, RegisteredHandler } from './bus/endpoint.js';
export { Endpoint } from './bus/endpoint.js';
export type { HandlerContext, MessageHandler, Publish } from './bus/handler-context.js';
export type { MessageScope } from './bus/message-scope.js';
export { currentMessageScope, runInMessageScope } from './bus/message-scope.js';
export type { MessagingExtension, MessagingOptions } from './bus/messaging.js';
export { createMessaging, Messaging } from './bus/messaging.js';
export type { MessagingHealth, MessagingState } from './bus/messaging-health.js';
export type { PublishingHealth } from './bus/publish-tracker.js';
export type { RecoveryPlan } from './bus/recovery-plan.js';
export { computeRecoveryPlan, describeRecoveryPlan } from './bus/recovery-plan.js';
export type { RetryPolicy } from './bus/retry-policy.js';
export { defaultRetryPolicy } from './bus/retry-policy.js';
export type { StartupProgress } from './bus/start-until-available.js';
export type {
  MessageContract,
  MessageDefinition,
  MessageInputOf,
  MessageOf,
} from './contracts/define-message.js';
export { defineMessage } from './contracts/define-message.js';
export type { MessageHeaders } from './contracts/headers.js';
export { attemptOf, Headers, withoutFailureHeaders } from './contracts/headers.js';
export type { Serializer } from './contracts/serializer.js';
export { jsonSerializer } from './contracts/serializer.js';
export type {
  StandardJsonSchemaConverter,
  StandardJsonSchemaOptions,
} from './contracts/standard-json-schema.js';
export type { StandardSchemaV1 } from './contracts/standard-schema.js';
export type { TransportMessage } from './contracts/transport-message.js';
export { validateMessage } from './contracts/validate-message.js';
export type { ValidationIssue } from './errors.js';
export {
  BrokerUnavailableError,
  ConfigurationError,
  DecodeError,
  InvalidEnvelopeError,
  isRetryable,
  LifecycleError,
  MessageTooLargeError,
  MessagingError,
  NonRetryableError,
  OutOfOrderError,
  PublishError,
  StoreUnavailableError,
  UnknownMessageTypeError,
  ValidationError,
} from './errors.js';
export type { ActiveFault, FaultPoint, FaultRule, FaultTarget } from './faults/fault-registry.js';
export { FAULT_POINTS, FaultRegistry, InjectedFaultError } from './faults/fault-registry.js';
export type { Logger, LogLevel } from './observability/logger.js';
export { createConsoleLogger, redactUrl, silentLogger } from './observability/logger.js';
export type { TelemetryOptions } from './observability/telemetry.js';
export { extractTraceContext, injectTraceContext } from './observability/trace-context.js';
export type { ConsumeContext } from './pipeline/consume-context.js';
export type { Middleware } from './pipeline/middleware.js';
export { composeMiddleware } from './pipeline/middleware.js';
export type { ProduceContext, PublishOptions } from './pipeline/produce-context.js';
export type { OrderingGuardOptions } from './reliability/ordering-guard-step.js';
export type { OutboxOptions, OutboxRelayHealth } from './reliability/outbox-relay.js';
export type { StoreHealth } from './reliability/store-watch.js';
export { createMemoryStore, MemoryMessageStore } from './stores/memory-store.js';
export type {
  CleanupPolicy,
  MessageStore,
  OutboxBacklog,
  OutboxEntry,
  OutboxPublisher,
  OutboxPublishReport,
  OutboxRowFailure,
  OutboxRowStatus,
  QueryResult,
  SqlExecutor,
  StoreTransaction,
  TransactionOptions,
} from './stores/message-store.js';
export type { PgliteLike, PgliteStoreOptions } from './stores/pglite-store.js';
export {
  createPgliteStore,
  LEAN_PGLITE_SETTINGS,
  type OpenPgliteOptions,
  openPglite,
} from './stores/pglite-store.js';
export type { PgClientLike, PgPoolLike, PostgresStoreOptions } from './stores/postgres-store.js';
export { createPostgresStore } from './stores/postgres-store.js';
export type { ForeignConnection } from './stores/sql-message-store.js';
export { SqlMessageStore } from './stores/sql-message-store.js';
export { schemaStatements } from './stores/store-schema.js';
export type { EndpointSubscription, EndpointTopology, TopicTopology, Topology } from './topology/topology.js';
export { describeTopology, mergeTopologies } from './topology/topology.js';
export type { DeadLetter, DeadLetterFilter, DeadLetterQueue } from './transport/dead-letter-queue.js';
export { matchesDeadLetterFilter, readDeadLetter } from './transport/dead-letter-queue.js';
export { InMemoryBroker } from './transport/in-memory-broker.js';
export type { InMemoryTransportOptions } from './transport/in-memory-transport.js';
export { createInMemoryTransport, InMemoryTransport } from './transport/in-memory-transport.js';
export { partitionOf } from './transport/partition-of.js';
export { deadLetterCopy, messageSize, replayCopy, retryCopy } from './transport/settlement-messages.js';
export type {
  Delivery,
  DeliveryHandler,
  FailureDetails,
  Subscription,
  Transport,
  TransportCapabilities,
  TransportHealth,
  TransportStatus,
} from './transport/transport.js';
export type {
  TransportAsyncApi,
  TransportAsyncApiChannel,
  TransportAsyncApiEndpoint,
  TransportAsyncApiTopic,
} from './transport/transport-asyncapi.js';
export type { TelemetryAttributes, TransportTelemetry } from './transport/transport-telemetry.js';
