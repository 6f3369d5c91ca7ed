import { Headers } from '../contracts/headers.js';
import type { Serializer } from '../contracts/serializer.js';
import type { ConsumeContext } from './consume-context.js';
import type { Middleware } from './middleware.js';

/** Bytes → value. A DecodeError sends the message to the dead-letter queue without retries. */
export function decodeStep(serializer: Serializer): Middleware<ConsumeContext> {
  return async (context, next) => {
    context.body = serializer.deserialize(context.envelope.body, context.headers[Headers.contentType]);
    await next();
  };
}
