import type { AsyncApiDocument } from '@pragmatic-messaging/core';
import type { FastifyInstance } from 'fastify';
import type { TicketFlowConfig } from '../config/ticketflow-config.js';
import { ticketFlowAsyncApi } from '../runtime/declared-buses.js';

/**
 * GET /api/docs/asyncapi.json: the AsyncAPI 3.0 document of the whole system, built from the service modules'
 * declarations (not from running buses), so every process serves it, the distributed web process included. It is
 * built again when the reliability features change (they change the endpoints' retry delays).
 */
export function registerAsyncApiRoute(app: FastifyInstance, config: () => TicketFlowConfig): void {
  let cached: { readonly key: string; readonly document: AsyncApiDocument } | undefined;
  app.get('/api/docs/asyncapi.json', async () => {
    const current = config();
    const key = JSON.stringify([current.transport, current.features]);
    if (cached?.key !== key) cached = { key, document: ticketFlowAsyncApi(current) };
    return cached.document;
  });
}
