/** Values an AMQP map (application properties, annotations) holds once rhea has decoded it. */
export type AmqpValue = unknown;

/**
 * The decoded head of an AMQP message as rhea flattens it (header, annotations, properties and application
 * properties side by side). Only the fields Service Bus reads are named.
 */
export interface MessageFields {
  message_id?: string | number | Buffer;
  to?: string;
  subject?: string;
  reply_to?: string;
  correlation_id?: string | number | Buffer;
  content_type?: string;
  group_id?: string;
  reply_to_group_id?: string;
  ttl?: number;
  absolute_expiry_time?: Date;
  creation_time?: Date;
  delivery_count?: number;
  application_properties?: Record<string, AmqpValue>;
  message_annotations?: Record<string, AmqpValue>;
  [field: string]: unknown;
}

/**
 * A message as a client sent it: its decoded head, and its body sections kept as the exact bytes received, so the
 * body reaches receivers bit for bit whatever AMQP types it used.
 */
export interface MessageRecord {
  readonly fields: MessageFields;
  readonly body: Buffer;
  /** Encoded size as received (head + body), what entity size limits apply to. */
  readonly size: number;
}

export function sessionIdOf(record: MessageRecord): string | undefined {
  return record.fields.group_id ?? undefined;
}

export function messageIdOf(record: MessageRecord): string | undefined {
  const id = record.fields.message_id;
  if (id === undefined || id === null) return undefined;
  return Buffer.isBuffer(id) ? id.toString('hex') : String(id);
}

/** A copy whose application properties are changed (abandon/defer/dead-letter "properties to modify"). */
export function withApplicationProperties(
  record: MessageRecord,
  changes: Record<string, AmqpValue>,
): MessageRecord {
  return {
    ...record,
    fields: {
      ...record.fields,
      application_properties: { ...record.fields.application_properties, ...changes },
    },
  };
}
