/**
 * Header names used on every broker. Values are always strings so they survive every transport unchanged.
 * Application headers may use any other name; names starting with `pm-` are reserved for the toolkit.
 */
export const Headers = {
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  contentType: 'content-type',
  /** 1 for the first delivery; incremented by every delayed retry. Immediate retries do not change it. */
  attempt: 'attempt',
  sourceService: 'source-service',
  // Written when a message is dead-lettered.
  failureReason: 'failure-reason',
  failureMessage: 'failure-message',
  failureStack: 'failure-stack',
  failureEndpoint: 'failure-endpoint',
  failureAt: 'failure-at',
  failureAttempts: 'failure-attempts',
  // Written when a dead letter is replayed.
  replayedAt: 'replayed-at',
  replayCount: 'replay-count',
} as const;

export type MessageHeaders = Record<string, string>;

const FAILURE_HEADERS: readonly string[] = [
  Headers.failureReason,
  Headers.failureMessage,
  Headers.failureStack,
  Headers.failureEndpoint,
  Headers.failureAt,
  Headers.failureAttempts,
];

export function withoutFailureHeaders(headers: MessageHeaders): MessageHeaders {
  const clean: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!FAILURE_HEADERS.includes(name)) clean[name] = value;
  }
  return clean;
}

export function attemptOf(headers: MessageHeaders): number {
  const attempt = Number.parseInt(headers[Headers.attempt] ?? '1', 10);
  return Number.isFinite(attempt) && attempt >= 1 ? attempt : 1;
}
