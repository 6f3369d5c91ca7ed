import { type Attributes, type Meter, metrics, type Tracer } from '@opentelemetry/api';
import { globalTracer } from './message-spans.js';

/** Where spans and metrics go. By default the globally registered providers (a no-op when none is). */
export interface TelemetryOptions {
  readonly tracer?: Tracer;
  readonly meter?: Meter;
}

export const INSTRUMENTATION_NAME = '@pragmatic-messaging/core';

export interface Instruments {
  readonly tracer: Tracer;
  readonly published: ReturnType<Meter['createCounter']>;
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
    // Names from the OpenTelemetry messaging semantic conventions where one exists.
    published: meter.createCounter('messaging.client.sent.messages', { description: 'Messages published' }),
    consumed: meter.createCounter('messaging.client.consumed.messages', {
      description: 'Deliveries received',
    }),
    processDuration: meter.createHistogram('messaging.process.duration', {
      description: 'Time to handle one delivery, including immediate retries',
      unit: 's',
    }),
    handled: meter.createCounter('messaging.handled.messages', {
      description: 'Deliveries handled successfully',
    }),
    failed: meter.createCounter('messaging.failed.attempts', { description: 'Handling attempts that threw' }),
    retried: meter.createCounter('messaging.retried.messages', { description: 'Delayed retries scheduled' }),
    deadLettered: meter.createCounter('messaging.dead_lettered.messages', {
      description: 'Messages dead-lettered',
    }),
    settlementFailed: meter.createCounter('messaging.settlement_failed.messages', {
      description: 'Settlements (ack, delayed retry, dead letter) the broker did not take',
    }),
  };
}

/**
 * Metric attributes per topic and message type, built once per pair: they are recorded for every message, and
 * `fixed` (system, consumer group) never changes for one pipeline.
 */
export function attributesPerMessageType(fixed: Attributes): (topic: string, type: string) => Attributes {
  const cache = new Map<string, Attributes>();
  return (topic, type) => {
    const cacheKey = `${topic}\u0000${type}`;
    let attributes = cache.get(cacheKey);
    if (!attributes) {
      attributes = { ...fixed, 'messaging.destination.name': topic, 'messaging.message.type': type };
      cache.set(cacheKey, attributes);
    }
    return attributes;
  };
}
