import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';

/**
 * Every refusal TicketFlow answers (4xx, and 503 while a dependency is down): the reason, and for an invalid
 * request the failing fields. Documented on every route through the hooks below, and enforced by the response
 * serializer: a refusal without a reason cannot leave the server.
 */
export const ErrorBody = z.object({
  message: z.string().min(1),
  /** The failing fields of an invalid request, as the validator reports them. */
  fields: z.array(z.unknown()).optional(),
});

/** The error answers a route declares beyond the ones inferred for every route (401, 409…): `{ 409: ErrorBody }`. */
export function refusals<Status extends number>(
  ...statuses: readonly Status[]
): Record<Status, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as Record<
    Status,
    typeof ErrorBody
  >;
}

const TAKES_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Documents, on every route registered after this call, the error answers the shared error handler
 * (http-errors.ts) gives it: 400 when the route validates its input or takes a body (invalid JSON), 404 when its
 * path names an entity (`/:id`) that may not exist. A status the route declares itself is left alone.
 */
export function documentErrorResponses(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const schema = route.schema ?? {};
    const validates = Boolean(schema.body || schema.querystring || schema.params || schema.headers);
    const statuses = [
      ...(validates || methods.some((method) => TAKES_BODY.has(method)) ? [400] : []),
      ...(route.url.includes('/:') ? [404] : []),
    ];
    declare(route, statuses);
  });
}

/**
 * Documents 503 on every route registered after this call in `scope`: the routes of a service answer it (with
 * Retry-After) while the service restarts or its database or broker is unreachable.
 */
export function documentUnavailability(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => declare(route, [503]));
}

function declare(route: RouteOptions, statuses: readonly number[]): void {
  if (statuses.length === 0) return;
  const schema = route.schema ?? {};
  const response = (schema.response ?? {}) as Record<string, unknown>;
  // A route that documents no answer of its own had the OpenAPI plugin's "200, any body": it keeps it.
  if (!Object.keys(response).some((status) => status.startsWith('2'))) response[200] = z.unknown();
  for (const status of statuses) response[status] ??= ErrorBody;
  route.schema = { ...schema, response };
}
