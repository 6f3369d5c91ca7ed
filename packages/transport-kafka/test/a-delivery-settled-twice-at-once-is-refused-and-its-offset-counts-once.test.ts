import type { EndpointTopology, TransportMessage } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import type { PartitionBatch } from '../src/client/kafka-client.js';
import type { EndpointSettlement } from '../src/endpoint-settlement.js';
import { InFlightDeliveries } from '../src/in-flight-deliveries.js';
import { type BatchState, KafkaDelivery } from '../src/kafka-delivery.js';
import { OffsetWatermark } from '../src/offset-watermark.js';

const message: TransportMessage = {
  id: 'm-1',
  type: 'ticket.created',
  topic: 'tickets',
  headers: { attempt: '2' },
  body: new Uint8Array(),
  timestamp: 1,
};
const endpoint = { name: 'tickets.worker' } as EndpointTopology;

function batchState(resolved: string[]): BatchState {
  const batch = { topic: 'tickets', partition: 0, resolveOffset: (offset: string) => resolved.push(offset) };
  const watermark = new OffsetWatermark();
  watermark.track('7');
  return {
    watermark,
    inFlight: new InFlightDeliveries(),
    batch: batch as unknown as PartitionBatch,
    partition: 'tickets/0',
    live: true,
    lost: new AbortController(),
    interrupted: false,
  };
}

describe('a Kafka delivery', () => {
  it('refuses a second ack made while the first is under way, and resolves its offset once', async () => {
    const resolved: string[] = [];
    const delivery = new KafkaDelivery(
      message,
      false,
      '7',
      batchState(resolved),
      endpoint,
      {} as EndpointSettlement,
    );

    const first = delivery.ack();
    const second = delivery.ack();

    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow('Delivery of "ticket.created" (m-1) was already settled');
    expect(resolved).toEqual(['7']);
    expect(delivery.attempt).toBe(2);
  });

  it('refuses to settle once its consumer closed, so the record is fetched again instead', async () => {
    const resolved: string[] = [];
    const state = batchState(resolved);
    const delivery = new KafkaDelivery(message, true, '7', state, endpoint, {} as EndpointSettlement);
    state.live = false;

    await expect(delivery.ack()).rejects.toThrow('is no longer valid: the consumer was closed');
    expect(resolved).toEqual([]);
    expect(delivery.settled).toBe(false);
    expect(delivery.signal).toBe(state.lost.signal);
    expect(delivery.redelivered).toBe(true);
  });
});
