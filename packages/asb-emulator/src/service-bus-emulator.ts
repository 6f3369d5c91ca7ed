import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import { AtomServer } from './admin/atom-server.js';
import { AmqpServer, type Log } from './amqp/amqp-server.js';
import type { ConnectionInfo } from './amqp/client-connection.js';
import { ControlRoutes } from './control-routes.js';
import { Namespace, type Tier } from './model/namespace.js';
import { listenForBoth } from './protocol-listener.js';
import { type Certificate, createSelfSignedCertificate } from './tls/self-signed-certificate.js';

export interface ServiceBusEmulatorOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Message size limits: standard 256 KiB, premium 1 MiB by default and up to 100 MiB per entity. Default premium. */
  readonly tier?: Tier;
  /** The HTTPS certificate; a fresh self-signed one by default. */
  readonly certificate?: Certificate;
  /** Structured events (connections, attaches, refusals); silent by default. */
  readonly log?: Log;
}

export interface DropFilter {
  /** Only connections whose `user-agent` contains this (the SDK's `userAgentOptions.userAgentPrefix`). */
  readonly userAgentContains?: string;
}

/**
 * A Service Bus namespace for tests: AMQP 1.0 for the SDK's ServiceBusClient and the ATOM management API over
 * HTTPS for its ServiceBusAdministrationClient, both on one port, reachable with one connection string.
 */
export class ServiceBusEmulator {
  private readonly atom: AtomServer;
  private readonly control: ControlRoutes;

  private constructor(
    private readonly listener: Server,
    private readonly https: HttpsServer,
    readonly namespace: Namespace,
    private readonly amqp: AmqpServer,
    readonly certificate: Certificate,
  ) {
    this.atom = new AtomServer(namespace);
    this.control = new ControlRoutes(this);
  }

  static async start(options: ServiceBusEmulatorOptions = {}): Promise<ServiceBusEmulator> {
    const host = options.host ?? '127.0.0.1';
    const certificate = options.certificate ?? createSelfSignedCertificate();
    const log = options.log ?? (() => {});
    // The namespace needs the port for its URLs; it is known once listening, so it is bound lazily.
    let emulator: ServiceBusEmulator | undefined;
    const https = createHttpsServer(
      { cert: certificate.certificatePem, key: certificate.privateKeyPem },
      (request, response) => {
        if (emulator) void emulator.serveHttps(request, response);
        else response.writeHead(503).end();
      },
    );
    let amqp: AmqpServer | undefined;
    const listener = await listenForBoth(
      host,
      options.port ?? 0,
      (socket) => (amqp ? amqp.accept(socket) : socket.destroy()),
      (socket) => https.emit('connection', socket),
    );
    const { port } = listener.address() as AddressInfo;
    const namespace = new Namespace(options.tier ?? 'premium', `${host}:${port}`);
    amqp = new AmqpServer(namespace, log);
    emulator = new ServiceBusEmulator(listener, https, namespace, amqp, certificate);
    return emulator;
  }

  private serveHttps(request: IncomingMessage, response: ServerResponse): Promise<void> {
    return this.control.handles(request)
      ? this.control.handle(request, response)
      : this.atom.handle(request, response);
  }

  get host(): string {
    return (this.listener.address() as AddressInfo).address;
  }

  get port(): number {
    return (this.listener.address() as AddressInfo).port;
  }

  /**
   * What both SDK clients take. `UseDevelopmentEmulator=true` makes the ServiceBusClient use plain AMQP on the
   * given port; the administration client uses HTTPS on the same port (trust `certificate.certificatePem`).
   */
  get connectionString(): string {
    return (
      `Endpoint=sb://${this.host}:${this.port};SharedAccessKeyName=RootManageSharedAccessKey;` +
      'SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true'
    );
  }

  connections(): ConnectionInfo[] {
    return this.amqp.connections();
  }

  /** Cut client connections at the socket (as a network failure does); returns how many were cut. */
  dropConnections(filter: DropFilter = {}): number {
    const wanted = filter.userAgentContains;
    return this.amqp.dropConnections((info) => wanted === undefined || info.userAgent.includes(wanted));
  }

  async close(): Promise<void> {
    this.amqp.close();
    this.namespace.dispose();
    this.https.closeAllConnections?.();
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }
}
