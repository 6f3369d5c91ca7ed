import type { TransportHealth, TransportStatus } from '@pragmatic-messaging/core';
import { errorCodeOf, errorMessageOf } from './service-bus-errors.js';

/**
 * The SDK reconnects by itself, so health is what the receivers experience: any receiver whose last operation
 * failed makes the transport `reconnecting` (with that error as detail) until it receives again.
 */
export class ConnectionHealth {
  private state: TransportStatus = 'idle';
  private readonly failures = new Map<string, string>();

  set status(status: TransportStatus) {
    this.state = status;
    if (status === 'closed') this.failures.clear();
  }

  get status(): TransportStatus {
    return this.state;
  }

  failed(source: string, error: unknown): void {
    this.failures.set(source, `${source}: ${errorCodeOf(error)}: ${errorMessageOf(error)}`);
  }

  recovered(source: string): void {
    this.failures.delete(source);
  }

  report(): TransportHealth {
    if (this.state !== 'connected' || this.failures.size === 0) return { status: this.state };
    return { status: 'reconnecting', detail: [...this.failures.values()].join('; ') };
  }
}
