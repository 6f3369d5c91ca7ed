/** What happened to a message, as reported to metrics, dashboards, the test harness and `observeBus`. */
export type BusEvent =
  | {
      readonly kind: 'published';
      readonly type: string;
      readonly messageId: string;
      readonly topic: string;
      /** The message as it was passed to `publish` (before the schema's transformations). */
      readonly message: unknown;
    }
  | ConsumeEvent<'handled'>
  | ConsumeEvent<'skipped', { readonly reason: string }>
  /**
   * An attempt threw. `willRetry`: `immediately` (an immediate retry follows), `later` (a delayed retry is
   * scheduled), `no` (dead-lettered), `when-the-store-answers` (the store was unreachable: the delivery waits for it
   * and runs again without counting an attempt).
   */
  | ConsumeEvent<
      'failed',
      {
        readonly error: unknown;
        readonly willRetry: 'immediately' | 'later' | 'no' | 'when-the-store-answers';
      }
    >
  | ConsumeEvent<'retry-scheduled', { readonly delayMs: number; readonly error: unknown }>
  | ConsumeEvent<'dead-lettered', { readonly error: unknown }>
  /**
   * The broker did not take the settlement (ack, delayed retry or dead letter) — a connection lost, a lock expired,
   * a scheduling call that timed out. The message was not settled: the broker delivers it again. Reported instead of
   * `handled`, `retry-scheduled` or `dead-lettered`, never along with them.
   */
  | ConsumeEvent<'settlement-failed', { readonly verb: SettlementVerb; readonly error: unknown }>;

export type SettlementVerb = 'ack' | 'retryLater' | 'deadLetter' | 'release';

type ConsumeEvent<Kind extends string, Extra = {}> = {
  readonly kind: Kind;
  readonly endpoint: string;
  readonly type: string;
  readonly messageId: string;
  readonly attempt: number;
  /** Time spent in the pipeline for this attempt, ms. */
  readonly durationMs: number;
} & Extra;

export type BusEventListener = (event: BusEvent) => void;

/**
 * A tiny synchronous event hub; a throwing listener is isolated so it can never break message handling.
 *
 * For a message this bus publishes and consumes itself, `published` comes before the events of its handling: a
 * transport may hand the message to its consumer before the publish resolves (the in-memory one does so inside
 * `send`, and a broker's confirm can arrive after the delivery), so consume events of a message whose publish is
 * still under way (`holdFor`) are held back until it ends (`release`).
 */
export class BusEvents {
  private readonly listeners = new Set<BusEventListener>();
  /** Message ids being published, with how many publishes of each are under way and the events held for them. */
  private readonly publishing = new Map<string, { count: number; readonly held: BusEvent[] }>();

  subscribe(listener: BusEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** False while nobody listens, so the pipelines can skip building event objects. */
  get listened(): boolean {
    return this.listeners.size > 0;
  }

  /** A publish of `messageId` begins; call `release` when it ends, whatever its outcome. */
  holdFor(messageId: string): void {
    const publishing = this.publishing.get(messageId);
    if (publishing) publishing.count++;
    else this.publishing.set(messageId, { count: 1, held: [] });
  }

  /** A publish of `messageId` ended (after its `published` event, if any): what was held for it is emitted. */
  release(messageId: string): void {
    const publishing = this.publishing.get(messageId);
    if (!publishing || --publishing.count > 0) return;
    this.publishing.delete(messageId);
    for (const event of publishing.held) this.emitNow(event);
  }

  emit(event: BusEvent): void {
    if (event.kind !== 'published' && this.publishing.size > 0) {
      const publishing = this.publishing.get(event.messageId);
      if (publishing) {
        publishing.held.push(event);
        return;
      }
    }
    this.emitNow(event);
  }

  private emitNow(event: BusEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken dashboard must not fail a delivery.
      }
    }
  }
}
