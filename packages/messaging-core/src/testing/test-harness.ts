import type { Messaging } from '../bus/messaging.js';
import type { MessageContract } from '../contracts/define-message.js';
import { LifecycleError } from '../errors.js';
import type { BusEvent } from '../observability/bus-events.js';
import type { ConsumeContext } from '../pipeline/consume-context.js';
import type { Middleware } from '../pipeline/middleware.js';
import { ConditionWaiter } from './condition-waiter.js';

export type RecordedKind = BusEvent['kind'];
type BusEventOf<Kind extends RecordedKind> = Extract<BusEvent, { kind: Kind }>;

/** One thing that happened to one message, with its body. */
export interface RecordedMessage<Message> {
  readonly kind: RecordedKind;
  readonly type: string;
  readonly messageId: string;
  /**
   * `published`: what the caller passed to publish (the schema's input). Otherwise the validated message (the
   * schema's output) — `undefined` for poison input that never got that far (undecodable or schema-invalid).
   */
  readonly message: Message;
  /** The consuming endpoint; undefined for `published`. */
  readonly endpoint: string | undefined;
  /** The error of `failed`, `retry-scheduled` and `dead-lettered`. */
  readonly error: unknown;
  readonly event: BusEvent;
}

export interface WaitOptions<Message> {
  /** Resolve once at least this many matching messages were recorded. Default 1. */
  readonly count?: number;
  readonly where?: (message: Message, record: RecordedMessage<Message>) => boolean;
  /** Reject after this long, naming what was awaited and what was seen. Default: the harness's timeout. */
  readonly timeoutMs?: number;
}

export interface TestHarnessOptions {
  /** Default timeout of every wait, ms. Default 5 000. */
  readonly timeoutMs?: number;
}

/**
 * Records what a bus does (published, handled, failed, retried, dead-lettered) per message type with the message
 * bodies, so tests can await outcomes instead of sleeping. Create it with `createTestHarness(messaging)` before
 * `messaging.start()`.
 */
export class TestHarness {
  readonly events: BusEvent[] = [];
  private readonly records: RecordedMessage<unknown>[] = [];
  private readonly waiter = new ConditionWaiter();
  /** Validated bodies seen by the pipeline, by endpoint and message id, until their outcome event arrives. */
  private readonly consuming = new Map<string, unknown>();
  /** Bodies handed to publish, by message id, until the publish settles. */
  private readonly timeoutMs: number;
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(messaging: Messaging, options: TestHarnessOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    if (messaging.state !== 'created') {
      throw new LifecycleError(
        `createTestHarness(messaging) must be called before start(); bus "${messaging.service}" is ${messaging.state}`,
      );
    }
    messaging.extend({ innerSteps: () => [this.captureStep] });
    this.unsubscribe = messaging.onEvent((event) => this.record(event));
  }

  /** Everything recorded so far of one kind, optionally of one contract. */
  recorded<Input, Output>(
    kind: 'published',
    contract?: MessageContract<Input, Output>,
  ): readonly RecordedMessage<Input>[];
  recorded<Input, Output>(
    kind: 'handled' | 'skipped',
    contract?: MessageContract<Input, Output>,
  ): readonly RecordedMessage<Output>[];
  recorded<Input, Output>(
    kind: RecordedKind,
    contract?: MessageContract<Input, Output>,
  ): readonly RecordedMessage<Output | undefined>[];
  recorded(kind: RecordedKind, contract?: { readonly type: string }): readonly RecordedMessage<unknown>[] {
    return this.recordsOf(kind, contract?.type);
  }

  /** Waits until messages of `contract` were published (accepted by the broker or the outbox). */
  published<Input, Output>(
    contract: MessageContract<Input, Output>,
    options?: WaitOptions<Input>,
  ): Promise<readonly RecordedMessage<Input>[]> {
    return this.waitFor('published', contract, options);
  }

  /** Waits until messages of `contract` were handled successfully. */
  handled<Input, Output>(
    contract: MessageContract<Input, Output>,
    options?: WaitOptions<Output>,
  ): Promise<readonly RecordedMessage<Output>[]> {
    return this.waitFor('handled', contract, options);
  }

  /** Waits until handler runs for `contract` failed (each immediate retry counts). */
  failed<Input, Output>(
    contract: MessageContract<Input, Output>,
    options?: WaitOptions<Output | undefined>,
  ): Promise<readonly RecordedMessage<Output | undefined>[]> {
    return this.waitFor('failed', contract, options);
  }

  /** Waits until messages of `contract` were moved to a dead-letter queue. */
  deadLettered<Input, Output>(
    contract: MessageContract<Input, Output>,
    options?: WaitOptions<Output | undefined>,
  ): Promise<readonly RecordedMessage<Output | undefined>[]> {
    return this.waitFor('dead-lettered', contract, options);
  }

  /**
   * Waits for the first bus event of a kind, whatever its type — for messages no contract describes (a stray
   * type on an endpoint, for one).
   */
  async waitForEvent<Kind extends RecordedKind>(
    kind: Kind,
    options: { readonly where?: (event: BusEventOf<Kind>) => boolean; readonly timeoutMs?: number } = {},
  ): Promise<BusEventOf<Kind>> {
    const { where, timeoutMs = this.timeoutMs } = options;
    let filterError: unknown;
    const matches = (event: BusEvent): event is BusEventOf<Kind> => {
      if (event.kind !== kind) return false;
      if (!where || filterError !== undefined) return true;
      try {
        return where(event as BusEventOf<Kind>);
      } catch (error) {
        filterError = error;
        return true;
      }
    };
    const find = () => this.events.find(matches);
    await this.waiter.until(
      () => find() !== undefined,
      `a "${kind}" event${where ? ' matching the filter' : ''}`,
      timeoutMs,
      () =>
        `${this.events.length} bus event(s): ${this.events.map((event) => event.kind).join(', ') || 'none'}`,
    );
    if (filterError !== undefined) throw filterError;
    return find()!;
  }

  /** Forget everything recorded so far (between phases of one test). */
  clear(): void {
    this.records.length = 0;
    this.events.length = 0;
  }

  /** Stop recording. Waits still pending time out as usual. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    this.consuming.clear();
  }

  private async waitFor<Message>(
    kind: RecordedKind,
    contract: { readonly type: string },
    options: WaitOptions<Message> = {},
  ): Promise<readonly RecordedMessage<Message>[]> {
    const { count = 1, where, timeoutMs = this.timeoutMs } = options;
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`count must be a whole number ≥ 1, got ${count}`);
    }
    let filterError: unknown;
    const matching = () =>
      (this.recordsOf(kind, contract.type) as readonly RecordedMessage<Message>[]).filter((entry) => {
        if (!where || filterError !== undefined) return true;
        try {
          return where(entry.message, entry);
        } catch (error) {
          filterError = error;
          return true;
        }
      });
    const description = `${count} "${contract.type}" message(s) ${kind}${where ? ' matching the filter' : ''}`;
    await this.waiter.until(
      () => matching().length >= count,
      description,
      timeoutMs,
      () => this.summary(contract.type),
    );
    // The bus isolates its event listeners, so a throwing filter is reported here rather than lost there.
    if (filterError !== undefined) throw filterError;
    return matching();
  }

  private recordsOf(kind: RecordedKind, type: string | undefined): readonly RecordedMessage<unknown>[] {
    return this.records.filter((entry) => entry.kind === kind && (type === undefined || entry.type === type));
  }

  private summary(type: string): string {
    const ofType = this.records.filter((entry) => entry.type === type);
    const kinds: RecordedKind[] = [
      'published',
      'handled',
      'skipped',
      'failed',
      'retry-scheduled',
      'dead-lettered',
    ];
    const counts = kinds.map((kind) => `${ofType.filter((entry) => entry.kind === kind).length} ${kind}`);
    const lastError = [...ofType].reverse().find((entry) => entry.error !== undefined)?.error;
    const error = lastError === undefined ? '' : `; last error: ${errorText(lastError)}`;
    return `"${type}": ${counts.join(', ')}${error}; ${this.events.length} bus event(s) in total`;
  }

  private readonly captureStep: Middleware<ConsumeContext> = async (context, next) => {
    if (!this.disposed)
      this.consuming.set(consumingKey(context.endpoint, context.envelope.id), context.message);
    await next();
  };

  /**
   * Publish events carry no body, so the harness gives every publish an id up front (as the pipeline would) and
   * keeps the body under it until the matching event arrives. Handlers' ctx.publish goes through here too.
   */
  private record(event: BusEvent): void {
    this.events.push(event);
    this.records.push(this.recordOf(event));
    this.waiter.changed();
  }

  private recordOf(event: BusEvent): RecordedMessage<unknown> {
    const base = { kind: event.kind, type: event.type, messageId: event.messageId, event };
    if (event.kind === 'published') {
      return {
        ...base,
        message: event.message,
        endpoint: undefined,
        error: undefined,
      };
    }
    const key = consumingKey(event.endpoint, event.messageId);
    const message = this.consuming.get(key);
    // `failed` may be followed by another try of the same delivery; the other outcomes end it.
    if (event.kind !== 'failed') this.consuming.delete(key);
    const error = 'error' in event ? event.error : undefined;
    return { ...base, message, endpoint: event.endpoint, error };
  }
}

function consumingKey(endpoint: string, messageId: string): string {
  return `${endpoint}\u0000${messageId}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Records a bus's activity for assertions; call before `messaging.start()`. */
export function createTestHarness(messaging: Messaging, options?: TestHarnessOptions): TestHarness {
  return new TestHarness(messaging, options);
}
