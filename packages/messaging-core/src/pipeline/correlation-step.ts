import { Headers } from '../contracts/headers.js';
import type { ProduceContext } from './produce-context.js';

/**
 * Correlation id from the current causal chain (or a new chain), causation id = the message being handled. The
 * first attempt writes no `attempt` header: absent means 1 (`attemptOf`), and every header costs on the wire.
 * A plain function: the produce pipeline runs its built-in steps without a promise each.
 */
export function correlate(context: ProduceContext): void {
  const scope = context.scope;
  const headers = context.headers;
  headers[Headers.correlationId] = context.options.correlationId ?? scope?.correlationId ?? context.id;
  if (scope) headers[Headers.causationId] = scope.messageId;
  headers[Headers.sourceService] = context.service;
}
