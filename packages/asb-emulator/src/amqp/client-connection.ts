import type { Connection, Delivery, EventContext, link, Sender } from 'rhea';
import type { ConnectionInternals } from './rhea-module.js';

/** What the server routes to a link: messages (links clients send on), credit and outcomes (links we send on). */
export interface LinkHandler {
  onMessage?(context: EventContext): void;
  onSendable?(): void;
  onDraining?(): void;
  onOutcome?(delivery: Delivery): void;
  /** The link is gone: detached by the client, its session ended, or the connection dropped. */
  onClose(): void;
}

export interface ConnectionInfo {
  readonly id: string;
  readonly containerId: string;
  /** The SDK's `user-agent` connection property; `userAgentOptions.userAgentPrefix` lands in it. */
  readonly userAgent: string;
}

/** One client's AMQP connection: its links and the links it reads request/response answers from. */
export class ClientConnection {
  readonly handlers = new Map<link, LinkHandler>();
  private readonly replyLinks = new Map<string, Sender>();

  constructor(readonly connection: Connection) {}

  get info(): ConnectionInfo {
    const remote = (this.connection as unknown as ConnectionInternals).remote.open;
    return {
      id: this.connection.options.id ?? '',
      containerId: remote?.container_id ?? '',
      userAgent: String(remote?.properties?.['user-agent'] ?? ''),
    };
  }

  /** A client's `$cbs` / `$management` receiver: answers go to it by its name or its target address. */
  addReplyLink(sender: Sender): void {
    this.replyLinks.set(sender.name, sender);
    const address = sender.target?.address;
    if (address) this.replyLinks.set(address, sender);
  }

  reply(replyTo: string | undefined, message: Record<string, unknown>): boolean {
    const sender = replyTo === undefined ? undefined : this.replyLinks.get(replyTo);
    if (!sender?.is_open()) return false;
    sender.send(message as unknown as Parameters<Sender['send']>[0]);
    return true;
  }

  close(target: link): void {
    const handler = this.handlers.get(target);
    this.handlers.delete(target);
    for (const [key, sender] of this.replyLinks) if (sender === target) this.replyLinks.delete(key);
    handler?.onClose();
  }

  closeAll(): void {
    for (const target of [...this.handlers.keys()]) this.close(target);
    this.replyLinks.clear();
  }

  destroySocket(): void {
    (this.connection as unknown as ConnectionInternals).socket?.destroy();
  }
}
