// @pragmatic-messaging/core/decorators — class-and-decorator sugar over endpoint.on (legacy experimentalDecorators).
import 'reflect-metadata';

export type { DecoratedHandler } from '../decorators/handler-metadata.js';
export { decoratedHandlersOf } from '../decorators/handler-metadata.js';
export type { HandlerMethod } from '../decorators/handles.js';
export { Handles } from '../decorators/handles.js';
export { registerHandlers } from '../decorators/register-handlers.js';
