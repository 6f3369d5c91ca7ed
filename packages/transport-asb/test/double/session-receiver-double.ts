import type { OperationOptionsBase, ServiceBusSessionReceiverOptions } from '@azure/service-bus';
import type { ServiceBusSessionReceiverSurface } from '../../src/service-bus-surface.js';
import { sessionLockLost } from './double-errors.js';
import { ReceiverDouble } from './receiver-double.js';
import type { ServiceBusClientDouble } from './service-bus-client-double.js';
import type { StoredMessage } from './stored-message.js';
import type { SubscriptionEntity } from './subscription-entity.js';

/**
 * ServiceBusSessionReceiver: owns one session of a session-enabled subscription while its session lock lasts,
 * and receives only that session's messages, in order. Message locks are covered by the session lock.
 */
export class SessionReceiverDouble extends ReceiverDouble implements ServiceBusSessionReceiverSurface {
  private lockedUntil: number;

  constructor(
    client: ServiceBusClientDouble,
    private readonly entity: SubscriptionEntity,
    readonly sessionId: string,
    lockedUntil: number,
    holder: object,
    options: ServiceBusSessionReceiverOptions,
  ) {
    super(client, entity.topicName, entity.name, options, holder);
    this.lockedUntil = lockedUntil;
  }

  get sessionLockedUntilUtc(): Date {
    return new Date(this.lockedUntil);
  }

  async renewSessionLock(options?: OperationOptionsBase): Promise<Date> {
    const until = await this.client.operation(
      () => this.entity.renewSessionLock(this.sessionId, this.holder),
      options?.abortSignal,
    );
    this.lockedUntil = until.getTime();
    return until;
  }

  override async renewMessageLock(): Promise<Date> {
    throw new Error(
      'Renewing message lock is not supported for messages received via session receivers; renew the session lock instead.',
    );
  }

  override async close(): Promise<void> {
    if (this.isClosed) return;
    await super.close();
    this.entity.releaseSession(this.sessionId, this.holder);
    this.client.sessionReceivers.delete(this);
  }

  /** The connection dropped: the session lock went with it. */
  lostConnection(): void {
    this.entity.releaseSession(this.sessionId, this.holder);
  }

  protected override take(subscription: SubscriptionEntity, max: number): StoredMessage[] | Error {
    if (!subscription.ownsSession(this.sessionId, this.holder)) return sessionLockLost(this.sessionId);
    return this.receiveMode === 'receiveAndDelete'
      ? subscription.takeAvailable('active', max, this.sessionId)
      : subscription.lockAvailable('active', max, this.holder, this.sessionId);
  }

  protected override assertCanSettle(subscription: SubscriptionEntity): void {
    if (!subscription.ownsSession(this.sessionId, this.holder)) throw sessionLockLost(this.sessionId);
  }

  protected override visible(subscription: SubscriptionEntity): StoredMessage[] {
    return subscription.messagesOf('active').filter((stored) => stored.message.sessionId === this.sessionId);
  }

  protected override usableSubscription(): SubscriptionEntity {
    return this.openSubscription();
  }
}
