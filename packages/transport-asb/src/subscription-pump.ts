import { ReceiveBatchSize } from './receive-batch-size.js';
import { ReceivePump } from './receive-pump.js';
import { amqpConnectionIdOf } from './sdk-connection-context.js';
import { isAbort } from './service-bus-errors.js';
import type { ServiceBusReceiverSurface } from './service-bus-surface.js';

// A receive waits this long for a first message before looping (it is aborted at once on stop).
const RECEIVE_WAIT_MS = 30_000;
// After a failure, a short receive proves the link works again, so health recovers without waiting for traffic.
const RECOVERY_PROBE_WAIT_MS = 250;

/**
 * Competing consumer of an unordered subscription: one peek-lock receiver, asking for as many messages as the
 * endpoint has free handler slots, each message's lock renewed while its handler runs.
 *
 * After the connection is lost, the pump receives through a new receiver and settles everything through it. The
 * SDK (7.9) would reopen the old receiver's link under the same name on the new connection and then settle a
 * message received before the cut as if it had come over that link: the disposition goes out on the old, dead
 * AMQP session, is never answered, and the settlement waits out the SDK's operation timeout on every retry
 * (4 × 60 s by default) while its handler holds its concurrency slot — the endpoint stops handling. With a new
 * receiver (a new link name) the SDK finds no open link for such a message and answers at once: it settles it by
 * lock token over the management link, or — for a message with a session id, which all of ours carry — refuses
 * with SessionLockLost. Either way the handler goes on, and an unsettled message is redelivered when its lock
 * expires.
 */
export class SubscriptionPump extends ReceivePump {
  private readonly batchSize = new ReceiveBatchSize();
  private receiver!: ServiceBusReceiverSurface;
  /** The connection the receiver was opened on; undefined when the SDK's internals cannot be read. */
  private connectionId: string | undefined;
  private receiveFailed = false;

  protected async run(): Promise<void> {
    this.receiver = this.openReceiver();
    while (!this.stopped) await this.receiveOnce();
  }

  protected override settleThrough(): ServiceBusReceiverSurface {
    return this.receiver;
  }

  private openReceiver(): ServiceBusReceiverSurface {
    const { client, plan } = this.settings;
    const receiver = client.createReceiver(plan.topicEntity, plan.subscriptionEntity, {
      receiveMode: 'peekLock',
      // Our bodies are bytes; the SDK would otherwise JSON.parse them.
      skipParsingBodyAsJson: true,
      // We renew locks ourselves, for exactly as long as the handler runs.
      maxAutoLockRenewalDurationInMs: 0,
    });
    this.receivers.add(receiver);
    this.connectionId = amqpConnectionIdOf(client);
    return receiver;
  }

  /**
   * A new receiver when the connection changed since the receiver was opened — seen in the SDK's connection id,
   * or (if that cannot be read) in a failed receive. Closing the old one drops its link name from the SDK's cache.
   */
  private async replaceReceiverAfterConnectionLoss(): Promise<void> {
    const connectionChanged = amqpConnectionIdOf(this.settings.client) !== this.connectionId;
    if (!connectionChanged && !this.receiveFailed) return;
    this.receiveFailed = false;
    const previous = this.receiver;
    this.receiver = this.openReceiver();
    await this.closeReceiver(previous);
  }

  private async receiveOnce(): Promise<void> {
    const { gate } = this.settings;
    if (!(await gate.acquire(this.stopping.signal))) return;
    let slots = 1;
    const wanted = this.batchSize.next(this.settings.prefetch);
    while (slots < wanted && gate.tryAcquire()) slots++;
    let messages: Awaited<ReturnType<ServiceBusReceiverSurface['receiveMessages']>>;
    const started = Date.now();
    await this.replaceReceiverAfterConnectionLoss();
    const receiver = this.receiver;
    try {
      messages = await receiver.receiveMessages(slots, {
        maxWaitTimeInMs: this.recovering ? RECOVERY_PROBE_WAIT_MS : RECEIVE_WAIT_MS,
        abortSignal: this.stopping.signal,
      });
    } catch (error) {
      gate.release(slots);
      if (this.stopped && isAbort(error)) return;
      this.receiveFailed = true;
      await this.failed(error, 'receive');
      return;
    }
    this.received();
    this.batchSize.received(slots, messages.length, Date.now() - started);
    gate.release(slots - messages.length);
    for (const message of messages) void this.dispatch(message, receiver, true);
  }
}
