import { ConfigurationError } from '../errors.js';
import type { WireFormat } from '../wire/wire-format.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/**
 * A message contract: the stable wire name of a message, the topic it travels on, the schema that guards it and,
 * optionally, how to derive its ordering key and its entity version. Contracts are plain values, shared by the
 * producing and the consuming service.
 */
export interface MessageContract<Input = unknown, Output = Input> {
  /** Stable wire name, e.g. `tickets.ticket-created`. Never rename it once messages of this type exist. */
  readonly type: string;
  /** The stream the message travels on; also the scope in which per-key order is kept. */
  readonly topic: string;
  readonly schema: StandardSchemaV1<Input, Output>;
  /** Partition/session key: messages with the same key are delivered in publish order on ordered endpoints. */
  readonly key?: (message: Input) => string;
  /** Version of the entity after the change this message describes; used by the ordering guard. */
  readonly version?: (message: Output) => number;
  /**
   * Whether publishing must fail when no endpoint is subscribed to this type (on brokers that can tell).
   * Defaults to true: a message nobody receives is a lost message. Set false for fire-and-forget signals.
   */
  readonly mandatory: boolean;
  /** How this message travels, whatever the bus's `wireFormat` says (native, CloudEvents binary or structured). */
  readonly wireFormat?: WireFormat;
}

export interface MessageDefinition<Input, Output> {
  type: string;
  topic: string;
  schema: StandardSchemaV1<Input, Output>;
  key?: (message: Input) => string;
  version?: (message: Output) => number;
  mandatory?: boolean;
  wireFormat?: WireFormat;
}

/** The type a handler receives: the schema's output. */
export type MessageOf<C> = C extends MessageContract<infer _Input, infer Output> ? Output : never;
/** The type a publisher passes: the schema's input. */
export type MessageInputOf<C> = C extends MessageContract<infer Input, infer _Output> ? Input : never;

// Names travel as routing keys, queue suffixes and header values on every broker, so keep them to a safe alphabet.
const WIRE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assertWireName(kind: string, name: string): void {
  if (!WIRE_NAME.test(name) || name.length > 200) {
    throw new ConfigurationError(
      `${kind} "${name}" is not a valid name: use letters, digits, ".", "_" and "-", starting with a letter or digit (at most 200 characters)`,
    );
  }
}

export function defineMessage<Input, Output>(
  definition: MessageDefinition<Input, Output>,
): MessageContract<Input, Output> {
  assertWireName('Message type', definition.type);
  assertWireName('Topic', definition.topic);
  if (typeof definition.schema?.['~standard']?.validate !== 'function') {
    throw new ConfigurationError(
      `Message type "${definition.type}" needs a Standard Schema validator (zod, valibot, arktype…) as its schema`,
    );
  }
  return Object.freeze({ ...definition, mandatory: definition.mandatory ?? true });
}
