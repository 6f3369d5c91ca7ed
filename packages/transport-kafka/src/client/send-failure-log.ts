import type { Logger } from '@pragmatic-messaging/core';

/**
 * Says a failing Kafka producer once per outage, not once per attempt. While a broker is away every send fails,
 * each is tried again on a new producer, and a warning per attempt buried the log (858 in a 35 s broker restart of
 * TicketFlow). The first failure warns, the ones after it are debug, and the first send that goes through again
 * says how many failed meanwhile.
 */
export class SendFailureLog {
  private failures = 0;

  constructor(private readonly logger: Logger) {}

  failed(error: unknown): void {
    this.failures++;
    if (this.failures === 1) {
      this.logger.warn(
        { err: error },
        'Kafka send failed; the producer is replaced (a send that is tried again starts on a new one). Failures until a send goes through again are logged at debug',
      );
    } else {
      this.logger.debug(
        { err: error, failures: this.failures },
        'Kafka send failed again; the producer is replaced',
      );
    }
  }

  /** A send went through: cheap when nothing failed, as it runs after every send. */
  sent(): void {
    if (this.failures === 0) return;
    this.logger.info({ failedAttempts: this.failures }, 'Kafka sends go through again');
    this.failures = 0;
  }
}
