import { defineMessage } from '@pragmatic-messaging/core';
import { z } from 'zod';

/** Real metrics of one service instance, every second. Fire-and-forget: a missed tick is replaced by the next. */
export const MetricTick = defineMessage({
  type: 'metrics.metric-tick',
  topic: 'metrics',
  schema: z.object({
    service: z.string(),
    instanceId: z.string(),
    status: z.enum(['Healthy', 'Error', 'Unknown']),
    at: z.iso.datetime({ offset: true }),
    handledPerSecond: z.number(),
    failures: z.number(),
    /** Failures in the interval that will be tried again (immediately or later). */
    retries: z.number(),
    /** Messages waiting for a delayed retry at the moment of the tick. */
    retrying: z.number().default(0),
    deadLetters: z.number(),
    latencyP50Ms: z.number(),
    latencyP95Ms: z.number(),
    outboxBacklog: z.number(),
    cpuPercent: z.number(),
    memoryMb: z.number(),
  }),
  mandatory: false,
});

export const AnomalyParams = z.object({
  delayInMs: z.number().int().min(0).max(600_000).optional(),
  statusFilter: z.string().min(1).optional(),
  probability: z.number().gt(0).max(1).optional(),
});

/** Anomaly changes, applied by every instance of the service they name. */
export const AnomalyChanged = defineMessage({
  type: 'anomalies.anomaly-changed',
  topic: 'anomalies',
  schema: z.object({
    service: z.string(),
    action: z.enum(['enabled', 'disabled']),
    anomalyType: z.string(),
    messageType: z.string(),
    params: AnomalyParams,
    /**
     * Names this change, so an instance applies it once: the instance that made it applies it at once and then
     * receives it too, and a delivery can come twice. Re-applying an anomaly that fires once would arm it again.
     */
    changeId: z.string().optional(),
  }),
  mandatory: false,
});

/** A service dead-lettered a message (for the technical view's live updates). */
export const DeadLetterRecorded = defineMessage({
  type: 'system.dead-letter-recorded',
  topic: 'system',
  schema: z.object({ service: z.string(), endpoint: z.string(), messageId: z.string(), type: z.string() }),
  mandatory: false,
});
