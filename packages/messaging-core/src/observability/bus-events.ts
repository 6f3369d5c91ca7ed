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

/** A tiny synchronous event hub; a throwing listener is isolated so it can never break message handling. */
export class BusEvents {
  private readonly listeners = new Set<BusEventListener>();

  subscribe(listener: BusEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** False while nobody listens, so the pipelines can skip building event objects. */
  get listened(): boolean {
    return this.listeners.size > 0;
  }

  emit(event: BusEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken dashboard must not fail a delivery.
      }
    }
  }
}
