import type { Attributes } from '@opentelemetry/api';
import { errorCodeOf, isRetryable } from '../errors.js';
import type { BusEvents, SettlementVerb } from '../observability/bus-events.js';
import type { Logger } from '../observability/logger.js';
import { type Instruments, MESSAGE_TYPE_ATTRIBUTE, OWN_NAMESPACE } from '../observability/telemetry.js';
import type { Delivery, FailureDetails } from '../transport/transport.js';
import type { ConsumeContext } from './consume-context.js';
import type { RetryPolicy } from './retry-policy.js';

/** What settling a delivery needs of the consume pipeline's settings. */
export interface SettlementSettings {
  readonly endpoint: { readonly name: string };
  readonly policy: RetryPolicy;
  readonly logger: Logger;
  readonly instruments: Instruments;
  readonly events: BusEvents;
}

/** After a failed handling: a delayed retry while the policy has one and the error is retryable, else the dead-letter queue. */
export async function settleFailure(
  settings: SettlementSettings,
  context: ConsumeContext,
  error: unknown,
  attributes: Attributes,
  started: number,
): Promise<void> {
  const { delivery } = context;
  const delay = settings.policy.delays[delivery.attempt - 1];
  const retry = isRetryable(error) && delay !== undefined;
  emitFailure(settings, context, error, retry ? 'later' : 'no');
  const failure = failureOf(error, settings.endpoint.name, delivery.attempt);
  if (retry) {
    settings.logger.warn(
      {
        endpoint: settings.endpoint.name,
        messageId: context.envelope.id,
        type: context.envelope.type,
        delayMs: delay,
        attempt: delivery.attempt,
        err: error,
      },
      'Handling failed; delayed retry scheduled',
    );
    const settled = await settle(settings, context, 'retryLater', attributes, started, failure, delay);
    if (!settled) return;
    settings.instruments.retried.add(1, attributes);
    settings.events.emit({
      kind: 'retry-scheduled',
      ...eventBase(context),
      delayMs: delay,
      error,
      durationMs: performance.now() - started,
    });
    return;
  }
  settings.logger.error(
    {
      endpoint: settings.endpoint.name,
      messageId: context.envelope.id,
      type: context.envelope.type,
      attempt: delivery.attempt,
      err: error,
    },
    'Message dead-lettered',
  );
  const settled = await settle(settings, context, 'deadLetter', attributes, started, failure);
  if (!settled) return;
  settings.instruments.deadLettered.add(1, attributes);
  settings.events.emit({
    kind: 'dead-lettered',
    ...eventBase(context),
    error,
    durationMs: performance.now() - started,
  });
}

export function emitFailure(
  settings: SettlementSettings,
  context: ConsumeContext,
  error: unknown,
  willRetry: 'immediately' | 'later' | 'no' | 'when-the-store-answers',
): void {
  settings.instruments.failed.add(1, {
    'messaging.consumer.group.name': settings.endpoint.name,
    [MESSAGE_TYPE_ATTRIBUTE]: context.envelope.type,
    'error.type': errorCodeOf(error),
  });
  settings.events.emit({ kind: 'failed', ...eventBase(context), error, willRetry, durationMs: 0 });
}

/**
 * A settlement that fails (connection lost, lock expired) is not fatal: the broker still holds the message and
 * delivers it again. It is not success either: it is reported as `settlement-failed` and counted, and the caller
 * reports no outcome. Resolves to whether the broker took the settlement. `started` is when handling began
 * (`performance.now()`); `failure` and `delayMs` are what a dead letter or a delayed retry carries.
 */
export async function settle(
  settings: SettlementSettings,
  context: ConsumeContext,
  verb: SettlementVerb,
  attributes: Attributes,
  started: number,
  failure?: FailureDetails,
  delayMs?: number,
): Promise<boolean> {
  try {
    await settlementOf(context.delivery, verb, failure, delayMs);
    return true;
  } catch (error) {
    context.logger.warn(
      { endpoint: context.endpoint, messageId: context.envelope.id, verb, err: error },
      'Settlement failed; the broker will deliver the message again',
    );
    settings.instruments.settlementFailed.add(1, {
      ...attributes,
      [`${OWN_NAMESPACE}.settlement.verb`]: verb,
    });
    settings.events.emit({
      kind: 'settlement-failed',
      ...eventBase(context),
      verb,
      error,
      durationMs: performance.now() - started,
    });
    return false;
  }
}

// The verb names the call, so the ack of every delivery needs no closure.
function settlementOf(
  delivery: Delivery,
  verb: SettlementVerb,
  failure: FailureDetails | undefined,
  delayMs: number | undefined,
): Promise<void> {
  switch (verb) {
    case 'ack':
      return delivery.ack();
    case 'release':
      return delivery.release();
    case 'retryLater':
      return delivery.retryLater(delayMs!, failure!);
    case 'deadLetter':
      return delivery.deadLetter(failure!);
  }
}

export function eventBase(context: ConsumeContext) {
  return {
    endpoint: context.endpoint,
    type: context.envelope.type,
    messageId: context.envelope.id,
    attempt: context.attempt,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function failureOf(error: unknown, endpoint: string, attempts: number): FailureDetails {
  return {
    reason: errorCodeOf(error),
    message: errorMessage(error),
    stack: error instanceof Error ? error.stack : undefined,
    endpoint,
    attempts,
  };
}
