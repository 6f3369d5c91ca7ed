import type { HandlerContext } from '../bus/handler-context.js';
import type { MessageContract } from '../contracts/define-message.js';
import { recordHandler } from './handler-metadata.js';

/** The shape a decorated method must have: it takes the contract's validated message (and the context). */
export type HandlerMethod<Message> = (message: Message, context: HandlerContext) => Promise<void> | void;

/**
 * Marks a method of a handler class as the handler of `contract`; `registerHandlers(endpoint, instance)` then
 * registers it. The method's message parameter is checked against the contract's schema output at compile time.
 *
 * Sugar over `endpoint.on(contract, handler)`, which stays the primary API.
 */
export function Handles<Input, Output>(contract: MessageContract<Input, Output>) {
  return <Method extends HandlerMethod<Output>>(
    prototype: object,
    method: string | symbol,
    _descriptor: TypedPropertyDescriptor<Method>,
  ): void => {
    recordHandler(prototype, method, contract as MessageContract<unknown, unknown>);
  };
}
