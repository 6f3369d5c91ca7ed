import type { Attributes, Meter } from '@opentelemetry/api';

export interface Measurement {
  readonly instrument: string;
  readonly value: number;
  readonly attributes: Attributes | undefined;
}

/**
 * An OpenTelemetry meter that keeps every measurement of the bus's counters and histograms, so a test can prove
 * which metric moved (and which did not). Only the instrument kinds the bus creates are provided.
 */
export function recordingMeter(): { readonly meter: Meter; readonly measurements: Measurement[] } {
  const measurements: Measurement[] = [];
  const instrument = (name: string) => {
    const record = (value: number, attributes?: Attributes) => {
      measurements.push({ instrument: name, value, attributes });
    };
    return { add: record, record };
  };
  const meter = { createCounter: instrument, createHistogram: instrument } as unknown as Meter;
  return { meter, measurements };
}

/** The sum recorded on `instrument` so far. */
export function total(measurements: readonly Measurement[], instrument: string): number {
  return measurements
    .filter((measurement) => measurement.instrument === instrument)
    .reduce((sum, measurement) => sum + measurement.value, 0);
}
