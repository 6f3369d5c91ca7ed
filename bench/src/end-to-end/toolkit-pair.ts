import { defineMessage, type EndpointOptions, type Messaging } from '@pragmatic-messaging/core';
import type { EndToEndPair } from './end-to-end-pair.js';
import { type BenchMessage, benchMessageSchema } from './message-payload.js';

/** The benchmark's one message type, on one topic, as a toolkit user would declare it. */
export const BenchMessageSent = defineMessage({
  type: 'bench.message',
  topic: 'bench',
  schema: benchMessageSchema,
});

export const BENCH_ENDPOINT = 'consumer';

/**
 * Our toolkit as a user writes it: `publish` per message (awaited: resolves on the broker's confirm), and a
 * handler on an endpoint (acked by the bus after the handler returns). `publishOne` lets the outbox contender
 * publish each message inside its own transaction instead.
 */
export function toolkitPair(
  messaging: Messaging,
  endpoint: EndpointOptions,
  cleanUp: () => Promise<void>,
  publishOne: (message: BenchMessage) => Promise<void> = (message) =>
    messaging.publish(BenchMessageSent, message),
): EndToEndPair {
  return {
    async startConsumer(handled) {
      messaging.endpoint(BENCH_ENDPOINT, endpoint).on(BenchMessageSent, async (message) => {
        handled(message.seq);
      });
      await messaging.start();
    },
    async publish(messages) {
      await Promise.all(messages.map(publishOne));
    },
    async close() {
      try {
        await messaging.stop();
      } finally {
        await cleanUp();
      }
    },
  };
}
