import { type Attributes, createNoopMeter, type Meter, metrics, type Tracer } from '@opentelemetry/api';
import type { TransportTelemetry } from '../transport/transport-telemetry.js';
import { globalTracer } from './message-spans.js';

/** Where spans and metrics go. By default the globally registered providers (a no-op when none is). */
export interface TelemetryOptions {
  readonly tracer?: Tracer;
  readonly meter?: Meter;
}

export const INSTRUMENTATION_NAME = '@pragmatic-messaging/core';

/**
 * The toolkit's own attributes and metrics live in this namespace: `messaging.*` is reserved for the semantic
 * conventions, which may define any name in it later.
 */
export const OWN_NAMESPACE = 'pragmatic_messaging';
export const MESSAGE_TYPE_ATTRIBUTE = `${OWN_NAMESPACE}.message.type`;
export const DELIVERY_ATTEMPT_ATTRIBUTE = `${OWN_NAMESPACE}.delivery.attempt`;

export interface Instruments {
  readonly tracer: Tracer;
  /**
   * Whether the metrics go anywhere. The global meter is the API's no-op one while no SDK is registered, and stays
   * so (the metrics API has no proxy): the pipelines then skip measuring what nobody records.
   */
  readonly metered: boolean;
  readonly published: ReturnType<Meter['createCounter']>;
  readonly publishDuration: ReturnType<Meter['createHistogram']>;
  readonly consumed: ReturnType<Meter['createCounter']>;
  readonly handled: ReturnType<Meter['createCounter']>;
  readonly failed: ReturnType<Meter['createCounter']>;
  readonly retried: ReturnType<Meter['createCounter']>;
  readonly deadLettered: ReturnType<Meter['createCounter']>;
  readonly settlementFailed: ReturnType<Meter['createCounter']>;
  readonly processDuration: ReturnType<Meter['createHistogram']>;
}

export function createInstruments(options: TelemetryOptions = {}): Instruments {
  const meter = options.meter ?? metrics.getMeter(INSTRUMENTATION_NAME);
  return {
    tracer: options.tracer ?? globalTracer(INSTRUMENTATION_NAME),
    metered: meter !== createNoopMeter(),
    // Names and units of the OpenTelemetry messaging semantic conventions where they define one…
    published: meter.createCounter('messaging.client.sent.messages', {
      description: 'Messages published (with error.type when the broker refused them)',
      unit: '{message}',
    }),
    publishDuration: meter.createHistogram('messaging.client.operation.duration', {
      description: 'Time until the broker (or the outbox) accepted a published message',
      unit: 's',
    }),
    consumed: meter.createCounter('messaging.client.consumed.messages', {
      description: 'Deliveries received',
      unit: '{message}',
    }),
    processDuration: meter.createHistogram('messaging.process.duration', {
      description: 'Time to handle one delivery, including immediate retries',
      unit: 's',
    }),
    // …and the toolkit's own namespace for what they do not cover.
    handled: meter.createCounter(`${OWN_NAMESPACE}.handled.messages`, {
      description: 'Deliveries handled successfully',
      unit: '{message}',
    }),
    failed: meter.createCounter(`${OWN_NAMESPACE}.failed.attempts`, {
      description: 'Handling attempts that threw (immediate retries included)',
      unit: '{attempt}',
    }),
    retried: meter.createCounter(`${OWN_NAMESPACE}.retried.messages`, {
      description: 'Delayed retries scheduled',
      unit: '{message}',
    }),
    deadLettered: meter.createCounter(`${OWN_NAMESPACE}.dead_lettered.messages`, {
      description: 'Messages dead-lettered',
      unit: '{message}',
    }),
    settlementFailed: meter.createCounter(`${OWN_NAMESPACE}.settlement_failed.messages`, {
      description: 'Settlements (ack, delayed retry, dead letter, release) the broker did not take',
      unit: '{message}',
    }),
  };
}

/** What every span and metric of a transport carries: its `messaging.system.name` and broker address. */
export function transportAttributes(transport: {
  readonly name: string;
  readonly telemetry?: TransportTelemetry | undefined;
}): Attributes {
  return {
    'messaging.system.name': transport.telemetry?.system ?? transport.name,
    ...transport.telemetry?.attributes,
  };
}

/**
 * Metric attributes per topic and message type, built once per pair: they are recorded for every message, and
 * `fixed` (system, consumer group) never changes for one pipeline.
 */
export function attributesPerMessageType(fixed: Attributes): (topic: string, type: string) => Attributes {
  // By topic, then type: looking up builds no key string per message.
  const cache = new Map<string, Map<string, Attributes>>();
  return (topic, type) => {
    let byType = cache.get(topic);
    if (!byType) {
      byType = new Map();
      cache.set(topic, byType);
    }
    let attributes = byType.get(type);
    if (!attributes) {
      attributes = { ...fixed, 'messaging.destination.name': topic, [MESSAGE_TYPE_ATTRIBUTE]: type };
      byType.set(type, attributes);
    }
    return attributes;
  };
}
