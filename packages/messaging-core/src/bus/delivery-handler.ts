import { jsonSerializer } from '../contracts/serializer.js';
import type { BusEvents } from '../observability/bus-events.js';
import type { Logger } from '../observability/logger.js';
import type { Instruments } from '../observability/telemetry.js';
import type { ConsumeContext, ConsumeStage } from '../pipeline/consume-context.js';
import { createConsumePipeline } from '../pipeline/consume-pipeline.js';
import type { MessagingExtension } from '../pipeline/messaging-extension.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { RetryPolicy } from '../pipeline/retry-policy.js';
import type { ReliabilityFeatures } from '../reliability/reliability-features.js';
import type { EndpointTopology } from '../topology/topology.js';
import type { DeliveryHandler, Transport } from '../transport/transport.js';
import type { BusPublisher } from './bus-publisher.js';
import type { Endpoint } from './endpoint.js';
import type { MessagingOptions } from './messaging-options.js';

export interface DeliveryHandlerParts {
  readonly service: string;
  readonly transport: Transport;
  readonly options: Pick<MessagingOptions, 'middleware' | 'serializer'>;
  readonly logger: Logger;
  readonly instruments: Instruments;
  readonly events: BusEvents;
  readonly retryPolicyOf: (endpoint: Endpoint) => RetryPolicy;
  readonly extensions: readonly MessagingExtension[];
  readonly reliability: Pick<ReliabilityFeatures, 'stepsFor' | 'outlastOutages'>;
  readonly publisher: Pick<BusPublisher, 'publishIn' | 'ambientScope'>;
  readonly shutdownSignal: AbortSignal;
}

/**
 * The handler a transport calls for every delivery of one endpoint: its consume pipeline with the bus's and the
 * endpoint's middleware, the reliability steps then the extensions' steps around each try, all inside the
 * extensions' delivery wrappers (fault injection's duplicates, reorders, crashes).
 */
export function deliveryHandlerFor(
  endpoint: Endpoint,
  topology: EndpointTopology,
  parts: DeliveryHandlerParts,
): DeliveryHandler {
  const { options, reliability, extensions, publisher } = parts;
  const middleware: Record<ConsumeStage, Middleware<ConsumeContext>[]> = {
    received: [],
    validated: [],
    handler: [],
  };
  for (const { stage, middleware: step } of options.middleware?.consume ?? []) middleware[stage].push(step);
  const pipeline = createConsumePipeline({
    service: parts.service,
    transport: parts.transport,
    serializer: options.serializer ?? jsonSerializer,
    logger: parts.logger,
    instruments: parts.instruments,
    events: parts.events,
    endpoint,
    topology,
    policy: parts.retryPolicyOf(endpoint),
    middleware,
    innerSteps: [
      ...reliability.stepsFor(endpoint),
      ...extensions.flatMap((extension) => extension.innerSteps?.(topology) ?? []),
    ],
    publish: (contract, message, publishOptions, scope) =>
      publisher.publishIn(contract, message, publishOptions, scope),
    ambientScope: publisher.ambientScope,
    shutdownSignal: parts.shutdownSignal,
    outlastOutages: reliability.outlastOutages(endpoint),
  });
  return extensions.reduce(
    (handler, extension) => extension.wrapDeliveries?.(handler, topology) ?? handler,
    pipeline,
  );
}
