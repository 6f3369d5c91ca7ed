import rhea from 'rhea';

/*
 * rhea's typings cover its client side; the server side we use (types, message encoding, uuid helpers) is typed
 * here once, narrowly, instead of casting at every use.
 */
export interface Typed {
  readonly typecode: number;
  readonly value: unknown;
}

interface RheaSection {
  readonly typecode: number;
  readonly content: Buffer | Buffer[];
  readonly multiple?: boolean;
}

interface RheaInternals {
  types: {
    Reader: new (
      buffer: Buffer,
    ) => { position: number; remaining(): number; read(): { descriptor?: { value: unknown } } };
    wrap_long(value: number | Buffer): Typed;
    wrap_int(value: number): Typed;
    wrap_uint(value: number): Typed;
    wrap_uuid(value: Buffer): Typed;
    wrap_binary(value: Buffer): Typed;
    wrap_boolean(value: boolean): Typed;
    wrap_array(values: unknown[], code: number, descriptors?: unknown): Typed;
    wrap_map(value: Record<string, unknown>): Typed;
    is_map(value: unknown): boolean;
  };
  message: {
    encode(message: Record<string, unknown>): Buffer;
    decode(buffer: Buffer): Record<string, unknown> & { body?: unknown };
    accepted(): { described(): unknown };
    rejected(fields: { error: AmqpErrorFields }): { described(): unknown };
    released(): { described(): unknown };
    modified(fields: Record<string, unknown>): { described(): unknown };
  };
  string_to_uuid(text: string): Buffer;
  uuid_to_string(bytes: Buffer): string;
  filter: unknown;
}

export interface AmqpErrorFields {
  readonly condition: string;
  readonly description: string;
  readonly info?: Record<string, unknown>;
}

export const amqp = rhea as unknown as RheaInternals;
export const { types, message: amqpMessage } = amqp;
export type { RheaSection };

/** What we touch of a rhea link beyond its typings: credit, the attach we answer with, its open state. */
export interface LinkInternals {
  credit: number;
  local: {
    attach: {
      max_message_size?: number;
      properties?: Record<string, unknown>;
      snd_settle_mode?: number;
      rcv_settle_mode?: number;
    };
  };
  state: { local_open: boolean; open_requests: number };
}

/** What we touch of a rhea connection beyond its typings. */
export interface ConnectionInternals {
  accept(socket: import('node:net').Socket): void;
  socket?: import('node:net').Socket;
  remote: { open?: { container_id?: string; properties?: Record<string, unknown> } };
}
