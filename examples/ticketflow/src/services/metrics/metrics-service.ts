import { MetricTick } from '../../contracts/system-contracts.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { MetricsHistory } from './metrics-history.js';

/**
 * Metrics: collects every service's MetricTick on a per-instance endpoint (each instance sees all ticks) and serves
 * the latest ones with their recent history. The browser's live push is the runtime's /api/live feed.
 */
export function metricsService(): ServiceModule {
  const history = new MetricsHistory();
  return {
    name: 'metrics',
    publishes: [],
    migrate: async () => {},
    configure(context) {
      context.messaging
        // Ticks are fire-and-forget signals: no transaction, no dead letters, gone with the instance.
        .endpoint(`metrics.ticks.${context.config.instanceId}`, { temporary: true, transactional: false })
        .on(MetricTick, (tick) => history.record(tick));
    },
    routes(app) {
      app.get('/services', async () => history.snapshot());
    },
  };
}
