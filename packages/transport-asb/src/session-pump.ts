import { keepLockAlive } from './lock-renewal.js';
import { ReceiveBatchSize } from './receive-batch-size.js';
import { ReceivePump } from './receive-pump.js';
import { errorCodeOf, isAbort, isNoSessionAvailable } from './service-bus-errors.js';
import type { ServiceBusSessionReceiverSurface } from './service-bus-surface.js';

/**
 * Consumer of an ordered (session-enabled) subscription. Messages with the same key share a session; Service Bus
 * locks a session to one receiver at a time and hands its messages out in order. Each of `concurrency` workers
 * takes the next free session, handles its messages one after another, and moves on when the session is idle —
 * so keys are handled in parallel and each key in order, across all instances of the endpoint.
 */
export class SessionPump extends ReceivePump {
  protected async run(): Promise<void> {
    const workers = Array.from({ length: this.settings.gate.limit }, () => this.work());
    await Promise.all(workers);
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const session = await this.acceptNextSession();
      if (!session) continue;
      this.receivers.add(session);
      const stopRenewal = keepLockAlive(
        () => session.renewSessionLock(),
        session.sessionLockedUntilUtc,
        (error) =>
          this.settings.logger.warn(
            { endpoint: this.settings.plan.endpoint, sessionId: session.sessionId, code: errorCodeOf(error) },
            'Lost a session lock; its unsettled messages are redelivered to the next owner',
          ),
      );
      try {
        await this.drain(session);
      } finally {
        stopRenewal();
        await this.closeReceiver(session);
      }
    }
  }

  private async acceptNextSession(): Promise<ServiceBusSessionReceiverSurface | undefined> {
    const { client, plan } = this.settings;
    try {
      const session = await client.acceptNextSession(plan.topicEntity, plan.subscriptionEntity, {
        receiveMode: 'peekLock',
        skipParsingBodyAsJson: true,
        maxAutoLockRenewalDurationInMs: 0,
        abortSignal: this.stopping.signal,
      });
      this.received();
      return session;
    } catch (error) {
      // No session with messages within the SDK's timeout: the normal idle case, ask again.
      if (isNoSessionAvailable(error)) this.received();
      else if (!(this.stopped && isAbort(error))) await this.failed(error, 'accepting a session');
      return undefined;
    }
  }

  /** Handle the session's messages in order until it has none left for a while (or we stop). */
  private async drain(session: ServiceBusSessionReceiverSurface): Promise<void> {
    const { gate, prefetch, sessionIdleTimeoutMs } = this.settings;
    const batchSize = new ReceiveBatchSize();
    while (!this.stopped) {
      let messages: Awaited<ReturnType<ServiceBusSessionReceiverSurface['receiveMessages']>>;
      const asked = batchSize.next(prefetch);
      const started = Date.now();
      try {
        messages = await session.receiveMessages(asked, {
          maxWaitTimeInMs: sessionIdleTimeoutMs,
          abortSignal: this.stopping.signal,
        });
      } catch (error) {
        if (!(this.stopped && isAbort(error)))
          await this.failed(error, `receiving from session "${session.sessionId}"`);
        return;
      }
      this.received();
      batchSize.received(asked, messages.length, Date.now() - started);
      if (messages.length === 0) return;
      for (const [index, message] of messages.entries()) {
        if (this.stopped || !(await gate.acquire(this.stopping.signal))) {
          // Give the rest back in order; the next owner of the session starts with them.
          await this.giveBack(session, messages.slice(index));
          return;
        }
        await this.dispatch(message, session, false);
      }
    }
  }

  private async giveBack(
    session: ServiceBusSessionReceiverSurface,
    messages: Awaited<ReturnType<ServiceBusSessionReceiverSurface['receiveMessages']>>,
  ): Promise<void> {
    try {
      for (const message of messages) await session.abandonMessage(message);
    } catch (error) {
      // Closing the session receiver releases them anyway; Service Bus redelivers them in order.
      this.settings.logger.debug(
        { endpoint: this.settings.plan.endpoint, sessionId: session.sessionId, code: errorCodeOf(error) },
        'Could not abandon unhandled session messages while stopping',
      );
    }
  }
}
