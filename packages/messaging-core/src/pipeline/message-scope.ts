import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';

/**
 * The causal context of the code running now: the message being handled (or the request being served).
 * Anything published inside it inherits its correlation id and names it as the cause — even when the
 * publishing code does not have the handler's context object at hand.
 */
export interface MessageScope {
  readonly messageId: string;
  readonly correlationId: string;
  /** The OpenTelemetry context of the handling span, so spans of outgoing messages become its children. */
  readonly traceContext?: Context | undefined;
  /** Per-scope state of middlewares (the unit of work, for instance). */
  readonly items: Map<string | symbol, unknown>;
}

const storage = new AsyncLocalStorage<MessageScope>();

export function currentMessageScope(): MessageScope | undefined {
  return storage.getStore();
}

export function runInMessageScope<T>(scope: MessageScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}
