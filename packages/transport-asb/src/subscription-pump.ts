import { ReceiveBatchSize } from './receive-batch-size.js';
import { ReceivePump } from './receive-pump.js';
import { isAbort } from './service-bus-errors.js';
import type { ServiceBusReceiverSurface } from './service-bus-surface.js';

// A receive waits this long for a first message before looping (it is aborted at once on stop).
const RECEIVE_WAIT_MS = 30_000;
// After a failure, a short receive proves the link works again, so health recovers without waiting for traffic.
const RECOVERY_PROBE_WAIT_MS = 250;

/**
 * Competing consumer of an unordered subscription: one peek-lock receiver, asking for as many messages as the
 * endpoint has free handler slots, each message's lock renewed while its handler runs.
 */
export class SubscriptionPump extends ReceivePump {
  private readonly batchSize = new ReceiveBatchSize();

  protected async run(): Promise<void> {
    const { client, plan } = this.settings;
    const receiver = client.createReceiver(plan.topicEntity, plan.subscriptionEntity, {
      receiveMode: 'peekLock',
      // Our bodies are bytes; the SDK would otherwise JSON.parse them.
      skipParsingBodyAsJson: true,
      // We renew locks ourselves, for exactly as long as the handler runs.
      maxAutoLockRenewalDurationInMs: 0,
    });
    this.receivers.add(receiver);
    while (!this.stopped) await this.receiveOnce(receiver);
  }

  private async receiveOnce(receiver: ServiceBusReceiverSurface): Promise<void> {
    const { gate } = this.settings;
    if (!(await gate.acquire(this.stopping.signal))) return;
    let slots = 1;
    const wanted = this.batchSize.next(this.settings.prefetch);
    while (slots < wanted && gate.tryAcquire()) slots++;
    let messages: Awaited<ReturnType<ServiceBusReceiverSurface['receiveMessages']>>;
    const started = Date.now();
    try {
      messages = await receiver.receiveMessages(slots, {
        maxWaitTimeInMs: this.recovering ? RECOVERY_PROBE_WAIT_MS : RECEIVE_WAIT_MS,
        abortSignal: this.stopping.signal,
      });
    } catch (error) {
      gate.release(slots);
      if (this.stopped && isAbort(error)) return;
      await this.failed(error, 'receive');
      return;
    }
    this.received();
    this.batchSize.received(slots, messages.length, Date.now() - started);
    gate.release(slots - messages.length);
    for (const message of messages) void this.dispatch(message, receiver, true);
  }
}
