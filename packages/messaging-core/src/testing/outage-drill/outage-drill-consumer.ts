import { setTimeout as delay } from 'node:timers/promises';
import { createMessaging, type Messaging } from '../../bus/messaging.js';
import type { Logger } from '../../observability/logger.js';
import type { SqlMessageStore } from '../../stores/sql-message-store.js';
import type { Transport } from '../../transport/transport.js';
import { drillBusOptions, drillContract, drillEndpoint } from './drill-order.js';

export interface OutageDrillConsumerOptions {
  /** The drill's run id (`OutageDrillTarget.run`). */
  readonly run: string;
  readonly transport: Transport;
  /** A store on the drill's schema (`OutageDrillTarget.schema`). */
  readonly store: SqlMessageStore;
  /** Default 8. */
  readonly concurrency?: number | undefined;
  /** Each handling takes at least this long (a slow consumer holds more deliveries unacknowledged). Default 0. */
  readonly handlingMs?: number;
  readonly logger?: Logger | undefined;
}

/**
 * The drill's consuming bus, not started: the inbox-protected handler that records each order's effect in the same
 * transaction. A drill's `beforeFlow` can run more of them — in another process, to be killed — on the same
 * endpoint, so they compete for the orders.
 */
export function createOutageDrillConsumer(options: OutageDrillConsumerOptions): Messaging {
  const { run } = options;
  const schema = `drill_${run}`;
  const consumer = createMessaging({
    service: `drill-${run}-consumer`,
    transport: options.transport,
    store: options.store,
    ...drillBusOptions(options.logger),
  });
  const handlingMs = options.handlingMs ?? 0;
  consumer
    .endpoint(drillEndpoint(run), { concurrency: options.concurrency ?? 8 })
    .on(drillContract(run), async (order, ctx) => {
      await ctx.tx.query(`INSERT INTO ${schema}.effects (order_id, redelivered) VALUES ($1, $2)`, [
        order.orderId,
        ctx.redelivered,
      ]);
      if (handlingMs > 0) await delay(handlingMs);
    });
  return consumer;
}
