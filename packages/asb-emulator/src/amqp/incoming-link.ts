import type { EventContext, Receiver } from 'rhea';
import type { SendTarget } from '../model/send-target.js';
import { Conditions, ServiceBusFault } from '../model/service-bus-fault.js';
import type { LinkHandler } from './client-connection.js';
import { mirrorSettleModes, setMaxMessageSize } from './link-attach.js';
import { decodeTransfer, encodeDecoded } from './message-codec.js';

/**
 * A client's sender link to a queue or topic. Each transfer (one message, or a batch in the SDK's batch format)
 * is accepted once the entity has taken every message in it, or rejected with the reason; the attach tells the
 * client the entity's message size limit, which the SDK sizes its batches by.
 */
export class IncomingLink implements LinkHandler {
  constructor(
    private readonly receiver: Receiver,
    private readonly target: SendTarget,
  ) {}

  open(): void {
    mirrorSettleModes(this.receiver);
    setMaxMessageSize(this.receiver, this.target.settings.maxMessageSizeBytes);
    this.receiver.set_target({ address: this.receiver.target?.address } as Parameters<
      Receiver['set_target']
    >[0]);
    this.receiver.set_source({ address: this.receiver.source?.address } as Parameters<
      Receiver['set_source']
    >[0]);
  }

  onMessage(context: EventContext): void {
    const delivery = context.delivery!;
    const format = (context as EventContext & { format?: number }).format ?? 0;
    const payload =
      format === 0
        ? encodeDecoded(context.message as unknown as Record<string, unknown>)
        : (context.message as unknown as Buffer);
    try {
      const limit = this.target.settings.maxMessageSizeBytes;
      if (payload.length > limit) {
        throw new ServiceBusFault(
          Conditions.messageSizeExceeded,
          `The received message (size ${payload.length} bytes) exceeds the limit (${limit} bytes) of '${this.target.path}'.`,
        );
      }
      for (const record of decodeTransfer(payload, format)) this.target.accept(record);
      delivery.accept();
    } catch (error) {
      const fault =
        error instanceof ServiceBusFault ? error : new ServiceBusFault(Conditions.argument, String(error));
      delivery.reject({ condition: fault.condition, description: fault.message });
    }
  }

  onClose(): void {}
}
