import { MetricTick } from '../../contracts/system-contracts.js';
import type { ServiceContext } from '../../runtime/service-module.js';
import type { MetricsHistory } from './metrics-history.js';

/** Every service's MetricTick, on a per-instance endpoint so each instance sees all ticks. */
export function registerMetricsHandlers(context: ServiceContext, history: MetricsHistory): void {
  context.messaging
    // Ticks are fire-and-forget signals: no transaction, no dead letters, gone with the instance.
    .endpoint(`metrics.ticks.${context.config.instanceId}`, { temporary: true, transactional: false })
    .on(MetricTick, (tick) => history.record(tick));
}
