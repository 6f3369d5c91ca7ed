/**
 * @pragmatic-messaging/core/decorators — class-and-decorator sugar over endpoint.on, for TC39 standard decorators and
 * legacy experimentalDecorators alike.
 * @module core/decorators
 */

export type { DecoratedHandler } from '../decorators/handler-metadata.js';
export { decoratedHandlersOf } from '../decorators/handler-metadata.js';
export type { HandlerMethod, HandlesDecorator } from '../decorators/handles.js';
export { Handles } from '../decorators/handles.js';
export { registerHandlers } from '../decorators/register-handlers.js';
