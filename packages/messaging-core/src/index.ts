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
export type { EndpointOptions } from './bus/endpoint.js';
export { Endpoint } from './bus/endpoint.js';
export { createMessaging, Messaging } from './bus/messaging.js';
export type { MessagingHealth, MessagingState } from './bus/messaging-health.js';
export type { MessagingOptions } from './bus/messaging-options.js';
export type { PublishingHealth } from './bus/publish-tracker.js';
export type { RecoveryPlan } from './bus/recovery-plan.js';
export { computeRecoveryPlan, describeRecoveryPlan } from './bus/recovery-plan.js';
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
export { messageSize } from './contracts/message-size.js';
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
export type { BusEvent, BusEventListener, SettlementVerb } from './observability/bus-events.js';
export type { Logger, LogLevel } from './observability/logger.js';
export { createConsoleLogger, redactUrl, silentLogger } from './observability/logger.js';
export type { TelemetryOptions } from './observability/telemetry.js';
export { extractTraceContext, injectTraceContext } from './observability/trace-context.js';
export type { ConsumeContext, ConsumeStage } from './pipeline/consume-context.js';
export type {
  HandlerContext,
  MessageHandler,
  Publish,
  RegisteredHandler,
} from './pipeline/handler-context.js';
export type { MessageScope } from './pipeline/message-scope.js';
export { currentMessageScope, runInMessageScope } from './pipeline/message-scope.js';
export type { MessagingExtension } from './pipeline/messaging-extension.js';
export type { Middleware } from './pipeline/middleware.js';
export { composeMiddleware } from './pipeline/middleware.js';
export type { ProduceContext, PublishOptions } from './pipeline/produce-context.js';
export type { RetryPolicy } from './pipeline/retry-policy.js';
export { defaultRetryPolicy } from './pipeline/retry-policy.js';
export { failureOf } from './pipeline/settle-delivery.js';
export type { UnitOfWork, UnitOfWorkHooks } from './pipeline/unit-of-work.js';
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
export { ConcurrencyLimit } from './transport/concurrency-limit.js';
export type { DeadLetter, DeadLetterFilter, DeadLetterQueue } from './transport/dead-letter-queue.js';
export { matchesDeadLetterFilter, readDeadLetter } from './transport/dead-letter-queue.js';
export { InMemoryBroker } from './transport/in-memory-broker.js';
export type { InMemoryTransportOptions } from './transport/in-memory-transport.js';
export { createInMemoryTransport, InMemoryTransport } from './transport/in-memory-transport.js';
export { partitionOf } from './transport/partition-of.js';
export { deadLetterCopy, replayCopy, retryCopy } from './transport/settlement-messages.js';
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
export type { CloudEventAttributes } from './wire/cloudevents-attributes.js';
export { cloudEventOf, messageOfCloudEvent } from './wire/cloudevents-attributes.js';
export type { CloudEventWireParts } from './wire/cloudevents-codec.js';
export {
  AMQP_CLOUDEVENTS_PREFIXES,
  decodeCloudEvent,
  encodeCloudEvent,
  KAFKA_CLOUDEVENTS_PREFIX,
  mayBeCloudEvent,
} from './wire/cloudevents-codec.js';
export {
  CLOUDEVENTS_JSON,
  decodeStructuredCloudEvent,
  encodeStructuredCloudEvent,
} from './wire/cloudevents-structured.js';
export type { WireFormat } from './wire/wire-format.js';
export { isWireFormat, WIRE_FORMAT_HEADER, wireFormatOf } from './wire/wire-format.js';
