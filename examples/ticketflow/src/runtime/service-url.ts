import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ServiceName } from '../config/ticketflow-config.js';
import type { ServiceContext } from './service-module.js';

/** Where to reach another service's HTTP API: its configured URL, else this very process. */
export function serviceUrl(context: ServiceContext, service: ServiceName, app: FastifyInstance): string {
  const configured = context.config.serviceUrls[service];
  if (configured) return configured.replace(/\/$/, '');
  const address = app.server.address() as AddressInfo | null;
  if (!address) throw new Error('The HTTP server is not listening yet');
  return `http://127.0.0.1:${address.port}`;
}

/** POST JSON and fail with the callee's own message when it says no. */
export async function postJson<Result>(url: string, body: unknown): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as Result;
}
