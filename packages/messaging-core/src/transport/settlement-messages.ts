import { Headers, withoutFailureHeaders } from '../contracts/headers.js';
import type { TransportMessage } from '../contracts/transport-message.js';
import type { FailureDetails } from './transport.js';

// Stacks can be long; brokers limit header sizes (Kafka and ASB especially), so keep what helps a human.
const MAX_STACK_CHARS = 4000;
const MAX_MESSAGE_CHARS = 2000;

function failureHeaders(failure: FailureDetails, now: Date): Record<string, string> {
  const headers: Record<string, string> = {
    [Headers.failureReason]: failure.reason,
    [Headers.failureMessage]: failure.message.slice(0, MAX_MESSAGE_CHARS),
    [Headers.failureEndpoint]: failure.endpoint,
    [Headers.failureAt]: now.toISOString(),
    [Headers.failureAttempts]: String(failure.attempts),
  };
  if (failure.stack) headers[Headers.failureStack] = failure.stack.slice(0, MAX_STACK_CHARS);
  return headers;
}

/** The copy of a message that a transport re-delivers for a delayed retry: attempt + 1, last failure recorded. */
export function retryCopy(
  message: TransportMessage,
  attempt: number,
  failure: FailureDetails,
): TransportMessage {
  return {
    ...message,
    headers: {
      ...withoutFailureHeaders(message.headers),
      ...failureHeaders(failure, new Date()),
      [Headers.attempt]: String(attempt + 1),
    },
  };
}

/** The copy of a message that a transport stores as a dead letter. */
export function deadLetterCopy(message: TransportMessage, failure: FailureDetails): TransportMessage {
  return {
    ...message,
    headers: { ...withoutFailureHeaders(message.headers), ...failureHeaders(failure, new Date()) },
  };
}

/** The copy of a dead letter that a replay sends back: a fresh start, with the replay counted. */
export function replayCopy(message: TransportMessage): TransportMessage {
  const replays = Number(message.headers[Headers.replayCount] ?? '0') + 1;
  return {
    ...message,
    headers: {
      ...withoutFailureHeaders(message.headers),
      [Headers.attempt]: '1',
      [Headers.replayCount]: String(replays),
      [Headers.replayedAt]: new Date().toISOString(),
    },
  };
}
