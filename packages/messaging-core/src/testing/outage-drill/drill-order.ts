import { defineMessage } from '../../contracts/define-message.js';
import type { StandardSchemaV1 } from '../../contracts/standard-schema.js';
import type { Logger } from '../../observability/logger.js';

export interface Order {
  readonly orderId: string;
  readonly seq: number;
}

const orderSchema: StandardSchemaV1<Order, Order> = {
  '~standard': {
    version: 1,
    vendor: 'pragmatic-messaging-drill',
    validate(value) {
      const order = value as Partial<Order> | null;
      return typeof order?.orderId === 'string' && Number.isInteger(order.seq)
        ? { value: order as Order }
        : { issues: [{ message: 'Expected { orderId: string, seq: integer }' }] };
    },
  },
};

/** The drill's message: one per order, keyed by order. */
export function drillContract(run: string) {
  return defineMessage({
    type: `drill.${run}.order-placed`,
    topic: `drill-${run}-orders`,
    schema: orderSchema,
    key: (order) => order.orderId,
  });
}

export function drillEndpoint(run: string): string {
  return `drill-${run}-fulfilment`;
}

export function drillBusOptions(logger: Logger | undefined) {
  return {
    outbox: { pollIntervalMs: 200, backoffMs: { initial: 100, max: 2_000 } },
    retry: { immediate: 1, delays: [500, 2_000, 5_000] },
    startTimeoutMs: 60_000,
    logger,
  } as const;
}
