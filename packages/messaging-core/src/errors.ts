/**
 * Every error the toolkit raises derives from MessagingError and carries a stable `code`, so callers can branch
 * on it without parsing messages. `retryable` tells the consume pipeline whether retrying can ever help.
 */
export class MessagingError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  /** False when only a later, delayed retry can help (waiting for a missing earlier message, for instance). */
  readonly retryImmediately: boolean;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; retryable?: boolean; retryImmediately?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? true;
    this.retryImmediately = this.retryable && (options.retryImmediately ?? true);
  }
}

/** Throw this from a handler when retrying cannot succeed: the message goes straight to the dead-letter queue. */
export class NonRetryableError extends MessagingError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('NON_RETRYABLE', message, { ...options, retryable: false });
  }
}

/** The payload could not be deserialized (corrupt bytes, wrong content type). Never retried. */
export class DecodeError extends MessagingError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('DECODE_FAILED', message, { ...options, retryable: false });
  }
}

export interface ValidationIssue {
  readonly message: string;
  readonly path: string;
}

/** A message did not satisfy its contract's schema, on publish or on consume. Never retried. */
export class ValidationError extends MessagingError {
  readonly messageType: string;
  readonly issues: readonly ValidationIssue[];

  constructor(messageType: string, issues: readonly ValidationIssue[]) {
    const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    super('VALIDATION_FAILED', `Message of type "${messageType}" is invalid: ${summary.join('; ')}`, {
      retryable: false,
    });
    this.messageType = messageType;
    this.issues = issues;
  }
}

/** Settings that contradict each other or the transport's abilities; raised at start, before any message moves. */
export class ConfigurationError extends MessagingError {
  constructor(message: string) {
    super('CONFIGURATION_INVALID', message, { retryable: false });
  }
}

/**
 * The broker did not durably accept a message (nack, unroutable, missing topic, timeout). `scope` tells whether
 * the broker refused this message for what it is (`message`: no route, too large, unknown topic — the broker
 * works, other messages go through) or could not take any message now (`broker`: connection lost, timeout, nack).
 * Only the second makes a service not ready.
 */
export class PublishError extends MessagingError {
  readonly scope: 'message' | 'broker';

  constructor(
    message: string,
    options: { cause?: unknown; retryable?: boolean; scope?: 'message' | 'broker' } = {},
  ) {
    super('PUBLISH_FAILED', message, options);
    this.scope = options.scope ?? 'broker';
  }
}

/**
 * The broker (or a part of it: a group coordinator, a partition leader) cannot be reached right now. Retrying
 * later can help: `start()` keeps trying until `startTimeoutMs`, and health says why the bus is not ready.
 */
export class BrokerUnavailableError extends MessagingError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('BROKER_UNAVAILABLE', message, { ...options, retryable: true });
  }
}

/**
 * The database behind a store cannot be reached (connection refused or lost, server shutting down, too many
 * connections). Retrying later can help; an HTTP API answers 503 for it. The driver's error is the cause.
 */
export class StoreUnavailableError extends MessagingError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('STORE_UNAVAILABLE', message, { ...options, retryable: true });
  }
}

/**
 * A delivery that cannot be handled safely whatever its body: no message id (the inbox keys on it, so redeliveries
 * could not be told apart) or no type. Typically from a producer outside the toolkit. Never retried.
 */
export class InvalidEnvelopeError extends MessagingError {
  constructor(message: string) {
    super('INVALID_ENVELOPE', message, { retryable: false });
  }
}

/** A delivery larger than the transport's `maxMessageBytes` (body and headers): it is not decoded. Never retried. */
export class MessageTooLargeError extends MessagingError {
  constructor(message: string) {
    super('MESSAGE_TOO_LARGE', message, { retryable: false });
  }
}

/** A message type arrived at an endpoint that has no handler for it. */
export class UnknownMessageTypeError extends MessagingError {
  constructor(messageType: string, endpoint: string) {
    super('UNKNOWN_MESSAGE_TYPE', `Endpoint "${endpoint}" has no handler for message type "${messageType}"`, {
      retryable: false,
    });
  }
}

/** The bus was used in a lifecycle state that does not allow it (publish after stop, `on` after start…). */
export class LifecycleError extends MessagingError {
  constructor(message: string) {
    super('INVALID_STATE', message, { retryable: false });
  }
}

/**
 * A versioned message arrived ahead of a gap (an earlier version has not been applied yet). Retried later, when the
 * missing message has had time to arrive; never immediately.
 */
export class OutOfOrderError extends MessagingError {
  constructor(message: string) {
    super('OUT_OF_ORDER', message, { retryable: true, retryImmediately: false });
  }
}

/**
 * A short, stable name for what went wrong: the toolkit's code (`NON_RETRYABLE`, `PUBLISH_FAILED`…) or the
 * error's class name. Low-cardinality, so it serves as a dead letter's `failure-reason` and as OpenTelemetry's
 * `error.type` alike; never the message.
 */
export function errorCodeOf(error: unknown): string {
  if (error instanceof MessagingError) return error.code;
  return error instanceof Error ? error.name || 'Error' : 'NonErrorThrown';
}

export function isRetryable(error: unknown): boolean {
  return !(error instanceof MessagingError) || error.retryable;
}
