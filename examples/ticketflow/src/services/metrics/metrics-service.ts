import type { ServiceModule } from '../../runtime/service-module.js';
import { registerMetricsHandlers } from './metrics-handlers.js';
import { MetricsHistory } from './metrics-history.js';
import { registerMetricsRoutes } from './metrics-routes.js';

/**
 * Metrics: collects every service's MetricTick and serves the latest ones with their recent history; keeps them in
 * memory (no tables). The browser's live push is the runtime's /api/live feed.
 */
export function metricsService(): ServiceModule {
  const history = new MetricsHistory();
  return {
    name: 'metrics',
    publishes: [],
    migrate: async () => {},
    configure: (context) => registerMetricsHandlers(context, history),
    routes: (app) => registerMetricsRoutes(app, history),
  };
}
