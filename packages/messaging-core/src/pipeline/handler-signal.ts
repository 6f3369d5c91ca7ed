/**
 * The signal a handler sees (`ctx.signal`): aborted when the bus stops waiting for handlers at shutdown, or when
 * the transport knows the delivery can no longer be settled (its lock or channel was lost). The two are combined
 * only when a handler asks, and the listeners go when the handler returns, so the long-lived bus signal does not
 * collect one listener per message.
 */
export class HandlerSignal {
  private combined: AbortController | undefined;
  private detach: (() => void) | undefined;

  constructor(
    private readonly shutdown: AbortSignal,
    private readonly delivery: AbortSignal | undefined,
  ) {}

  get signal(): AbortSignal {
    const { shutdown, delivery } = this;
    if (!delivery) return shutdown;
    if (shutdown.aborted) return shutdown;
    if (delivery.aborted) return delivery;
    if (!this.combined) {
      const combined = new AbortController();
      const abortWith = (source: AbortSignal) => () => combined.abort(source.reason);
      const onShutdown = abortWith(shutdown);
      const onDelivery = abortWith(delivery);
      shutdown.addEventListener('abort', onShutdown, { once: true });
      delivery.addEventListener('abort', onDelivery, { once: true });
      this.detach = () => {
        shutdown.removeEventListener('abort', onShutdown);
        delivery.removeEventListener('abort', onDelivery);
      };
      this.combined = combined;
    }
    return this.combined.signal;
  }

  /** The handler returned: stop listening. */
  release(): void {
    this.detach?.();
    this.detach = undefined;
  }
}
