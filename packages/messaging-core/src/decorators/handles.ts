import type { MessageContract } from '../contracts/define-message.js';
import { ConfigurationError } from '../errors.js';
import type { HandlerContext } from '../pipeline/handler-context.js';
import { recordHandler } from './handler-metadata.js';

/** The shape a decorated method must have: it takes the contract's validated message (and the context). */
export type HandlerMethod<Message> = (message: Message, context: HandlerContext) => Promise<void> | void;

/**
 * `@Handles(contract)` in both decorator forms TypeScript compiles: TC39 standard decorators (the default since
 * TypeScript 5.0) and legacy `experimentalDecorators`. In both, the method's parameter is checked against the
 * contract's message type.
 */
export interface HandlesDecorator<Message> {
  /** TC39 standard decorators. */
  <Method extends HandlerMethod<Message>>(
    method: Method,
    context: ClassMethodDecoratorContext<unknown, Method>,
  ): void;
  /** Legacy `experimentalDecorators`. */
  <Method extends HandlerMethod<Message>>(
    prototype: object,
    method: string | symbol,
    descriptor: TypedPropertyDescriptor<Method>,
  ): void;
}

/**
 * Marks a method of a handler class as the handler of `contract`; `registerHandlers(endpoint, instance)` then
 * registers it. Works with TC39 standard decorators and with legacy `experimentalDecorators`; put it above other
 * method decorators (it records the method as they leave it).
 *
 * Sugar over `endpoint.on(contract, handler)`, which stays the primary API.
 */
export function Handles<Input, Output>(contract: MessageContract<Input, Output>): HandlesDecorator<Output> {
  const handled = contract as MessageContract<unknown, unknown>;
  return ((...args: unknown[]): void => {
    const [target, second, descriptor] = args;
    if (isStandardContext(second)) {
      const { kind, name, static: isStatic, private: isPrivate } = second;
      const label = String(name);
      if (kind !== 'method' || isStatic || isPrivate) {
        throw new ConfigurationError(
          `@Handles goes on public instance methods; ${label} is ${isStatic ? 'static' : isPrivate ? 'private' : `a ${kind}`}`,
        );
      }
      recordHandler(target as object, label, handled);
      return;
    }
    const owner = typeof target === 'function' ? target : (target as object).constructor;
    const label = `${owner?.name || 'anonymous class'}.${String(second)}`;
    const method = (descriptor as PropertyDescriptor | undefined)?.value;
    if (typeof target === 'function' || typeof method !== 'function') {
      throw new ConfigurationError(
        `@Handles goes on public instance methods; ${label} is ${typeof target === 'function' ? 'static' : 'not a method'}`,
      );
    }
    recordHandler(method, label, handled);
  }) as HandlesDecorator<Output>;
}

function isStandardContext(value: unknown): value is ClassMethodDecoratorContext {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}
