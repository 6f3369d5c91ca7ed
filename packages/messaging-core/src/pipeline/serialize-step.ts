import { Headers } from '../contracts/headers.js';
import { messageSize } from '../contracts/message-size.js';
import type { Serializer } from '../contracts/serializer.js';
import { PublishError } from '../errors.js';
import { markWireFormat, type WireFormat } from '../wire/wire-format.js';
import type { ProduceContext } from './produce-context.js';

/** What serializing needs of the produce pipeline's settings. */
export interface SerializeSettings {
  readonly serializer: Serializer;
  readonly transportName: string;
  readonly maxMessageBytes: number;
  /** The bus's wire format; a contract's own wins. */
  readonly wireFormat?: WireFormat | undefined;
}

/**
 * Builds the envelope and checks its size against the transport's `maxMessageBytes`, before anything is sent or
 * stored. Synchronous: a failure is thrown, and the pipeline turns it into the publish's rejection.
 */
export function serializer(settings: SerializeSettings): (context: ProduceContext) => void {
  return (context) => {
    context.headers[Headers.contentType] = settings.serializer.contentType;
    markWireFormat(context.headers, context.contract.wireFormat, settings.wireFormat);
    context.envelope = {
      id: context.id,
      type: context.contract.type,
      topic: context.contract.topic,
      key: context.key,
      headers: context.headers,
      body: settings.serializer.serialize(context.message),
      timestamp: context.timestamp,
      mandatory: context.contract.mandatory,
    };
    const size = messageSize(context.envelope);
    if (size > settings.maxMessageBytes) {
      throw new PublishError(
        `Message "${context.contract.type}" is ${size} bytes; transport "${settings.transportName}" accepts at most ${settings.maxMessageBytes}`,
        { retryable: false, scope: 'message' },
      );
    }
  };
}
