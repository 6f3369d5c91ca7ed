import type { FastifyInstance } from 'fastify';
import type { MetricsHistory } from './metrics-history.js';

/** The latest tick of every service instance with its recent history. */
export function registerMetricsRoutes(app: FastifyInstance, history: MetricsHistory): void {
  app.get('/services', async () => history.snapshot());
}
