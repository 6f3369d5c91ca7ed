import type { Endpoint } from '../bus/endpoint.js';
import { ConfigurationError } from '../errors.js';
import type { HandlerContext } from '../pipeline/handler-context.js';
import { decoratedHandlersOf } from './handler-metadata.js';

/**
 * Registers every `@Handles` method of `instance` on `endpoint`, bound to the instance. Fails when the class has
 * no decorated method (almost always a forgotten decorator), or when two
 * methods handle the same contract.
 */
export function registerHandlers(endpoint: Endpoint, instance: object): Endpoint {
  const className = instance.constructor?.name || 'anonymous class';
  const handlers = decoratedHandlersOf(instance);
  if (handlers.length === 0) {
    throw new ConfigurationError(
      `Class ${className} has no method decorated with @Handles(Contract); nothing to register on endpoint "${endpoint.name}"`,
    );
  }
  const methodByType = new Map<string, string>();
  for (const { method, contract } of handlers) {
    const clash = methodByType.get(contract.type);
    if (clash) {
      throw new ConfigurationError(
        `Class ${className} handles "${contract.type}" in both ${clash}() and ${String(method)}(); endpoint "${endpoint.name}" can have one handler per message type`,
      );
    }
    methodByType.set(contract.type, String(method));
  }
  for (const { method, contract } of handlers) {
    const handle = Reflect.get(instance, method) as (message: unknown, context: HandlerContext) => unknown;
    if (typeof handle !== 'function') {
      throw new ConfigurationError(
        `${className}.${String(method)} is decorated with @Handles but is not a method`,
      );
    }
    endpoint.on(contract, async (message, context) => {
      await handle.call(instance, message, context);
    });
  }
  return endpoint;
}
