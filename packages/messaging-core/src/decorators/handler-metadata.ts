import 'reflect-metadata';
import type { MessageContract } from '../contracts/define-message.js';
import { ConfigurationError } from '../errors.js';

/** One method of a handler class and the contract it handles. */
export interface DecoratedHandler {
  readonly method: string | symbol;
  readonly contract: MessageContract<unknown, unknown>;
}

// A symbol key keeps our metadata apart from any other library's on the same class.
const HANDLERS = Symbol.for('@pragmatic-messaging/core:handlers');

function ownHandlers(prototype: object): readonly DecoratedHandler[] {
  return (Reflect.getOwnMetadata(HANDLERS, prototype) as readonly DecoratedHandler[] | undefined) ?? [];
}

function nameOf(prototype: object, method: string | symbol): string {
  return `${prototype.constructor?.name || 'anonymous class'}.${String(method)}`;
}

/** Remembers that `method` of the class owning `prototype` handles `contract`. */
export function recordHandler(
  prototype: object,
  method: string | symbol,
  contract: MessageContract<unknown, unknown>,
): void {
  const existing = ownHandlers(prototype);
  const previous = existing.find((handler) => handler.method === method);
  if (previous && previous.contract.type !== contract.type) {
    throw new ConfigurationError(
      `${nameOf(prototype, method)} is decorated with @Handles for both "${previous.contract.type}" and "${contract.type}"; one method handles one contract — write a method per contract`,
    );
  }
  if (previous) return;
  Reflect.defineMetadata(HANDLERS, [...existing, { method, contract }], prototype);
}

/**
 * Every decorated method of an instance, its own class first, then its base classes. A method overridden in a
 * subclass is listed once, with the subclass's decoration if it has one.
 */
export function decoratedHandlersOf(instance: object): readonly DecoratedHandler[] {
  const found = new Map<string | symbol, DecoratedHandler>();
  for (
    let prototype: object | null = Object.getPrototypeOf(instance);
    prototype && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype)
  ) {
    for (const handler of ownHandlers(prototype)) {
      if (!found.has(handler.method)) found.set(handler.method, handler);
    }
  }
  return [...found.values()];
}
