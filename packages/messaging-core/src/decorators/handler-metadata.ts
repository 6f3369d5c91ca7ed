import type { MessageContract } from '../contracts/define-message.js';
import { ConfigurationError } from '../errors.js';

/** One method of a handler class and the contract it handles. */
export interface DecoratedHandler {
  readonly method: string | symbol;
  readonly contract: MessageContract<unknown, unknown>;
}

/**
 * The contract of every decorated method, keyed by the method's function. Both decorator forms hand us that
 * function (TC39: the value; legacy: the descriptor's value), so no `reflect-metadata`, no `Symbol.metadata` (which
 * Node 20 lacks) and nothing written on the user's classes are needed.
 */
const contractOfMethod = new WeakMap<object, MessageContract<unknown, unknown>>();

/** Remembers that `method` handles `contract`; `name` ("Class.method" or "method") is for the error. */
export function recordHandler(
  method: object,
  name: string,
  contract: MessageContract<unknown, unknown>,
): void {
  const previous = contractOfMethod.get(method);
  if (previous && previous.type !== contract.type) {
    throw new ConfigurationError(
      `${name} is decorated with @Handles for both "${previous.type}" and "${contract.type}"; one method handles one contract — write a method per contract`,
    );
  }
  contractOfMethod.set(method, contract);
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
    for (const method of Reflect.ownKeys(prototype)) {
      if (found.has(method)) continue;
      const value: unknown = Object.getOwnPropertyDescriptor(prototype, method)?.value;
      const contract = typeof value === 'function' ? contractOfMethod.get(value) : undefined;
      if (contract) found.set(method, { method, contract });
    }
  }
  return [...found.values()];
}
