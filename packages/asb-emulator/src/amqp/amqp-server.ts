import type { Socket } from 'node:net';
import rhea, {
  type Connection,
  type Container,
  type EventContext,
  type link,
  type Receiver,
  type Sender,
} from 'rhea';
import type { Namespace } from '../model/namespace.js';
import { ServiceBusFault } from '../model/service-bus-fault.js';
import { CbsNode } from './cbs-node.js';
import { ClientConnection, type ConnectionInfo } from './client-connection.js';
import { DeliveryLink } from './delivery-link.js';
import { IncomingLink } from './incoming-link.js';
import { refuseLink } from './link-attach.js';
import { ManagementNode } from './management-node.js';
import type { ConnectionInternals } from './rhea-module.js';

const CBS = '$cbs';
const MANAGEMENT_SUFFIX = '/$management';
const OUTCOMES = ['accepted', 'rejected', 'modified', 'released'] as const;

export type Log = (event: string, fields: Record<string, unknown>) => void;

/**
 * The AMQP 1.0 side of the emulator, on rhea: SASL (MSSBCBS, PLAIN, ANONYMOUS — the SDK picks ANONYMOUS), `$cbs`,
 * `$management` nodes, sender links to queues and topics, receiver links on queues, subscriptions and their
 * dead-letter sub-queues. Unknown entities are refused at attach with `amqp:not-found`, as Service Bus does.
 */
export class AmqpServer {
  private readonly container: Container;
  private readonly clients = new Map<Connection, ClientConnection>();

  constructor(
    private readonly namespace: Namespace,
    private readonly log: Log,
  ) {
    this.container = rhea.create_container({
      id: 'servicebus-emulator',
      // We settle deliveries ourselves, once the entity has taken or settled the message.
      autoaccept: false,
      treat_modified_as_released: false,
    } as Parameters<typeof rhea.create_container>[0]);
    const mechanisms = this.container.sasl_server_mechanisms;
    // Service Bus offers its CBS mechanism; the SDK asks for ANONYMOUS and then puts tokens over $cbs.
    mechanisms.MSSBCBS = () => ({
      outcome: undefined as boolean | undefined,
      username: undefined as string | undefined,
      start(this: { outcome?: boolean; username?: string }) {
        this.outcome = true;
        this.username = 'cbs';
      },
    });
    mechanisms.enable_anonymous();
    mechanisms.enable_plain(() => true);
    this.listen();
  }

  accept(socket: Socket): void {
    const connection = this.container.create_connection({ idle_time_out: 120_000 } as Parameters<
      Container['create_connection']
    >[0]);
    (connection as unknown as ConnectionInternals).accept(socket);
  }

  connections(): ConnectionInfo[] {
    return [...this.clients.values()].map((client) => client.info);
  }

  /** Cut client connections at the socket, as a network failure would; returns how many. */
  dropConnections(matches: (info: ConnectionInfo) => boolean = () => true): number {
    let dropped = 0;
    for (const client of [...this.clients.values()]) {
      if (!matches(client.info)) continue;
      dropped++;
      this.forget(client.connection);
      client.destroySocket();
    }
    return dropped;
  }

  close(): void {
    this.dropConnections();
  }

  private listen(): void {
    const on = (event: string, handle: (context: EventContext) => void) =>
      this.container.on(event, (context: EventContext) => {
        try {
          handle(context);
        } catch (error) {
          this.log('handler-failed', { event, error: String(error) });
        }
      });
    on('connection_open', (context) => {
      this.clients.set(context.connection, new ClientConnection(context.connection));
      this.log('connection-open', { ...this.client(context).info });
    });
    on('sender_open', (context) => this.openSender(context));
    on('receiver_open', (context) => this.openReceiver(context));
    on('message', (context) => this.handler(context, context.receiver)?.onMessage?.(context));
    on('sendable', (context) => this.handler(context, context.sender)?.onSendable?.());
    on('sender_draining', (context) => this.handler(context, context.sender)?.onDraining?.());
    for (const outcome of OUTCOMES) {
      on(outcome, (context) => this.handler(context, context.sender)?.onOutcome?.(context.delivery!));
    }
    on('sender_close', (context) => this.clients.get(context.connection)?.close(context.sender!));
    on('receiver_close', (context) => this.clients.get(context.connection)?.close(context.receiver!));
    on('session_close', (context) => {
      const client = this.clients.get(context.connection);
      for (const target of client ? [...client.handlers.keys()] : []) {
        if (target.session === context.session) client!.close(target);
      }
    });
    on('connection_close', (context) => this.forget(context.connection));
    on('disconnected', (context) => this.forget(context.connection));
    // rhea raises errors nobody handled (a link closed with an error) on the container; they are the client's.
    this.container.on('error', (error: unknown) => this.log('amqp-error', { error: String(error) }));
  }

  private client(context: EventContext): ClientConnection {
    let client = this.clients.get(context.connection);
    if (!client) {
      client = new ClientConnection(context.connection);
      this.clients.set(context.connection, client);
    }
    return client;
  }

  private handler(context: EventContext, target: link | undefined) {
    return target ? this.clients.get(context.connection)?.handlers.get(target) : undefined;
  }

  private forget(connection: Connection): void {
    const client = this.clients.get(connection);
    if (!client) return;
    this.clients.delete(connection);
    client.closeAll();
    this.log('connection-closed', { ...client.info });
  }

  /** The client attached a receiver: we send on it. */
  private openSender(context: EventContext): void {
    const sender = context.sender as Sender;
    const client = this.client(context);
    const address = sender.source?.address ?? '';
    if (address === CBS || address.endsWith(MANAGEMENT_SUFFIX)) {
      sender.set_source({ address } as Parameters<Sender['set_source']>[0]);
      sender.set_target({ address: sender.target?.address } as Parameters<Sender['set_target']>[0]);
      client.addReplyLink(sender);
      client.handlers.set(sender, { onClose: () => {} });
      return;
    }
    try {
      const source = this.namespace.receiveSource(address);
      const link = new DeliveryLink(sender, source);
      client.handlers.set(sender, link);
      link.open();
      this.log('receiver-attached', { address, link: sender.name });
    } catch (error) {
      this.refuse(sender, error, address);
    }
  }

  /** The client attached a sender: it sends to us. */
  private openReceiver(context: EventContext): void {
    const receiver = context.receiver as Receiver;
    const client = this.client(context);
    const address = receiver.target?.address ?? '';
    if (address === CBS) {
      this.openNode(receiver, client, new CbsNode(client), address);
      return;
    }
    if (address.endsWith(MANAGEMENT_SUFFIX)) {
      const entityPath = address.slice(0, -MANAGEMENT_SUFFIX.length);
      this.openNode(receiver, client, new ManagementNode(client, this.namespace, entityPath), address);
      return;
    }
    try {
      const link = new IncomingLink(receiver, this.namespace.sendTarget(address));
      client.handlers.set(receiver, link);
      link.open();
      this.log('sender-attached', { address, link: receiver.name });
    } catch (error) {
      this.refuse(receiver, error, address);
    }
  }

  private openNode(
    receiver: Receiver,
    client: ClientConnection,
    node: CbsNode | ManagementNode,
    address: string,
  ) {
    receiver.set_target({ address } as Parameters<Receiver['set_target']>[0]);
    receiver.set_source({ address: receiver.source?.address } as Parameters<Receiver['set_source']>[0]);
    client.handlers.set(receiver, node);
  }

  private refuse(target: link, error: unknown, address: string): void {
    const fault = error instanceof ServiceBusFault ? error : undefined;
    this.log('attach-refused', { address, error: String(error) });
    refuseLink(target, {
      condition: fault?.condition ?? 'amqp:internal-error',
      description: fault?.message ?? String(error),
    });
  }
}
