import {
  attemptOf,
  type Delivery,
  type EndpointTopology,
  type FailureDetails,
  PublishError,
  type TelemetryAttributes,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import type { PartitionBatch } from './client/kafka-client.js';
import type { EndpointSettlement } from './endpoint-settlement.js';
import type { InFlightDeliveries } from './in-flight-deliveries.js';
import { recordAttributes } from './kafka-telemetry.js';
import type { OffsetWatermark } from './offset-watermark.js';

/** What one partition batch is doing; `live` turns false when the transport closes under it. */
export interface BatchState {
  readonly watermark: OffsetWatermark;
  readonly inFlight: InFlightDeliveries;
  readonly batch: PartitionBatch;
  /** `topic/partition` of the batch, the key of the highest offset handed out there. */
  readonly partition: string;
  live: boolean;
  /** Aborted with `live`: the handlers' `ctx.signal`, as their records can no longer be committed. */
  readonly lost: AbortController;
  /** A delivery was released or could not be settled: stop handing out records and fetch again from the watermark. */
  interrupted: boolean;
}

/**
 * One record of a partition batch and the settlement verbs mapped onto Kafka: ack → the offset counts as done
 * (committed once every record before it is done too), retryLater and deadLetter → a copy to the endpoint's retry
 * or dead-letter topic, then the same; release → the batch is fetched again from its watermark. A class rather
 * than an object of closures: its verbs live on the prototype, so a delivery costs one object, not eight.
 */
export class KafkaDelivery implements Delivery {
  readonly attempt: number;
  /** Whether a settlement happened; a second one is refused. */
  settled = false;

  constructor(
    readonly message: TransportMessage,
    readonly redelivered: boolean,
    private readonly offset: string,
    private readonly state: BatchState,
    private readonly endpoint: EndpointTopology,
    private readonly settlement: EndpointSettlement,
  ) {
    this.attempt = attemptOf(message.headers);
  }

  get signal(): AbortSignal {
    return this.state.lost.signal;
  }

  spanAttributes(): TelemetryAttributes {
    return recordAttributes(this.state.batch.partition, this.offset, this.message.key);
  }

  ack(): Promise<void> {
    return this.settle(undefined);
  }

  retryLater(delayMs: number, failure: FailureDetails): Promise<void> {
    return this.settle(() => this.settlement.retryLater(this.endpoint, this.message, delayMs, failure));
  }

  deadLetter(failure: FailureDetails): Promise<void> {
    return this.settle(() => this.settlement.deadLetter(this.endpoint, this.message, failure));
  }

  async release(): Promise<void> {
    this.settled = true;
    this.state.interrupted = true;
  }

  /** Runs the move (if any), then marks the offset done; the watermark decides what may be committed. */
  private async settle(move: (() => Promise<void>) | undefined): Promise<void> {
    const { message, state } = this;
    if (this.settled)
      throw new PublishError(`Delivery of "${message.type}" (${message.id}) was already settled`);
    if (!state.live) {
      throw new PublishError(
        `Delivery of "${message.type}" (${message.id}) on endpoint "${this.endpoint.name}" is no longer valid: the consumer was closed; it will be redelivered`,
      );
    }
    if (move) await move();
    this.settled = true;
    const mark = state.watermark.settle(this.offset);
    if (mark !== undefined && state.live) state.batch.resolveOffset(mark);
  }
}
