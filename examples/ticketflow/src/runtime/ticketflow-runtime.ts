import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { InMemoryBroker, LifecycleError, type Logger } from '@pragmatic-messaging/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { profileOf, type ReliabilityFeatures } from '../config/reliability-profile.js';
import { SERVICE_NAMES, type ServiceName, type TicketFlowConfig } from '../config/ticketflow-config.js';
import { registerAsyncApiRoute } from '../web/asyncapi-route.js';
import { registerCompareApi } from '../web/compare-api.js';
import { registerFeaturesRoute } from '../web/features-route.js';
import { LiveFeed } from '../web/live-feed.js';
import { reconfigureProcesses } from '../web/process-reconfiguration.js';
import type { ProcessTable } from '../web/process-table.js';
import { registerSystemApi } from '../web/system-api.js';
import { type Database, openDatabase } from './database.js';
import { documentErrorResponses } from './error-responses.js';
import { installErrorHandler } from './http-errors.js';
import { createLogger, type HostEnvironment, ServiceHost } from './service-host.js';
import type { ServiceModule } from './service-module.js';
import { ServiceStartError } from './service-start-error.js';
import { createTransport, type TransportFactory } from './transport-factory.js';

export interface RuntimeOptions {
  readonly config: TicketFlowConfig;
  /** The services this process runs. */
  readonly modules: readonly ServiceModule[];
  /** Serve the UI, the live feed and the system API, and forward /api/<service> of services running elsewhere. */
  readonly web: boolean;
  /** Folder of the built UI (default: ../../ui/dist next to this source). */
  readonly uiDir?: string;
  readonly logger?: Logger;
  /** Replaces the configured transports (tests run TicketFlow over a broker double this way). */
  readonly transportFactory?: TransportFactory;
  /** The services' message scope (see HostEnvironment.messageScope). */
  readonly messageScope?: 'ambient' | 'explicit';
  /** The processes of a `start all` on a real broker, reported by its supervisor (web process only). */
  readonly processTable?: ProcessTable;
}

/** Where the built UI is served from by default. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../ui/dist', import.meta.url));

/**
 * One TicketFlow process: any subset of the services (all of them in the embedded default), optionally the web
 * part, one HTTP server. The same code runs embedded and distributed; only configuration differs.
 */
export class TicketFlowRuntime {
  readonly app: FastifyInstance;
  private config: TicketFlowConfig;
  private readonly logger: Logger;
  /** The in-memory broker the services share when the transport is `memory` (tests attach to it). */
  readonly broker = new InMemoryBroker();
  private database: Database | undefined;
  private hosts: ServiceHost[] = [];
  private live: LiveFeed | undefined;
  private reconfiguring: Promise<void> = Promise.resolve();

  constructor(private readonly options: RuntimeOptions) {
    this.config = options.config;
    this.logger = options.logger ?? createLogger(options.config);
    this.app = Fastify({
      logger: this.config.logLevel === 'debug' ? { level: 'info' } : false,
      bodyLimit: 1024 * 1024,
      // Path parameters as long as the routes' schemas allow (a ticket command's reason: 500 characters, encoded
      // up to 6 per character); Fastify's default of 100 answered 414 to schema-valid requests.
      routerOptions: { maxParamLength: 4 * 1024 },
    });
    this.app.setValidatorCompiler(validatorCompiler);
    this.app.setSerializerCompiler(serializerCompiler);
    installErrorHandler(this.app, this.logger);
    documentErrorResponses(this.app);
  }

  private readonly transportFor: TransportFactory = (service) =>
    this.options.transportFactory?.(service) ??
    createTransport(this.config, service, this.logger, this.broker);

  /** Start everything and listen; resolves to the base URL. */
  async start(): Promise<string> {
    const { app } = this;
    await this.registerHttp();
    // A process without services (the distributed web part) keeps no data: it opens no database.
    this.database = this.options.modules.length > 0 ? await openDatabase(this.config) : undefined;
    await app.ready();
    // Listen first: while a service waits for its broker or database, its health routes say so.
    await app.listen({ host: this.config.host, port: this.config.port });
    for (const host of this.hosts) await host.start();
    await this.live?.start();
    const address = app.server.address() as AddressInfo;
    return `http://${this.config.host === '0.0.0.0' ? 'localhost' : this.config.host}:${address.port}`;
  }

  /**
   * The OpenAPI document this runtime would serve at /api/docs/openapi.json, built from its routes alone: no
   * database, broker or port (the UI's API types are generated from it). The runtime cannot start afterwards.
   */
  async openApiDocument(): Promise<ReturnType<FastifyInstance['swagger']>> {
    await this.registerHttp();
    await this.app.ready();
    const document = this.app.swagger();
    await this.app.close();
    return document;
  }

  /** Every route, with the OpenAPI plugin first so it sees them all. Hosts reach the database once it is open. */
  private async registerHttp(): Promise<void> {
    const { app } = this;
    await app.register(fastifySwagger, {
      openapi: { info: { title: 'TicketFlow API', version: '1.0.0' } },
      transform: jsonSchemaTransform,
    });
    const runtime = this;
    const environment: HostEnvironment = {
      config: () => this.config,
      get database() {
        if (!runtime.database) throw new LifecycleError('The database is not open: start the runtime');
        return runtime.database;
      },
      transportFor: this.transportFor,
      logger: this.logger,
      messageScope: this.options.messageScope,
    };
    this.hosts = this.options.modules.map((module) => new ServiceHost(module, environment));
    for (const host of this.hosts) host.registerRoutes(app);
    if (this.options.web) this.registerWeb();
    // A service process of `start all`: the web fans the reliability switches out to it.
    else if (this.hosts.length > 0)
      registerFeaturesRoute(app, {
        config: () => this.config,
        logger: this.logger,
        reconfigure: (features) => this.reconfigure(features),
      });
    app.get('/api/docs', async () => app.swagger());
    app.get('/api/docs/openapi.json', async () => app.swagger());
    registerAsyncApiRoute(app, () => this.config);
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.live?.stop();
    await this.stopHosts();
    await this.database?.close();
  }

  /**
   * All services at once. Each stop may wait for the broker (a bus waits up to its shutdown timeout per step), and
   * one service after the other those waits add up: 109 s for the six services with Kafka down, measured. A service
   * that fails to stop is logged; the others stop anyway.
   */
  private async stopHosts(): Promise<void> {
    const results = await Promise.allSettled(this.hosts.map((host) => host.stop()));
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.logger.error(
          { err: result.reason, service: this.hosts[index]!.name },
          'A service did not stop cleanly',
        );
      }
    });
  }

  /**
   * Restart the local services with other reliability features (data and anomalies are kept). One change at a
   * time. When a service cannot start with the new features, every service goes back to the previous ones and the
   * error says which service failed and why; the services keep running either way.
   */
  reconfigure(features: ReliabilityFeatures): Promise<void> {
    const run = this.reconfiguring.then(() =>
      this.hosts.length > 0 ? this.restartWith(features) : this.reconfigureSupervised(features),
    );
    this.reconfiguring = run.catch(() => {});
    return run;
  }

  private async restartWith(features: ReliabilityFeatures): Promise<void> {
    const previous = this.config.features;
    try {
      await this.restartHosts(features);
    } catch (failure) {
      this.logger.error(
        { err: failure, features, restoring: previous },
        'Reliability features could not be applied; restoring the previous ones',
      );
      await this.restartHosts(previous);
      throw failure;
    } finally {
      this.live?.emit('system', { profile: profileOf(this.config.features), features: this.config.features });
    }
    this.logger.info({ profile: profileOf(features), features }, 'Reliability features applied');
  }

  /**
   * The web process of `start all` runs no service: the services' processes restart theirs. The web takes the new
   * features too (what the System card shows) only when every process did.
   */
  private async reconfigureSupervised(features: ReliabilityFeatures): Promise<void> {
    try {
      await reconfigureProcesses(this.options.processTable?.processes() ?? [], features);
      this.config = { ...this.config, features };
    } finally {
      this.live?.emit('system', { profile: profileOf(this.config.features), features: this.config.features });
    }
    this.logger.info({ profile: profileOf(features), features }, 'Reliability features applied');
  }

  private async restartHosts(features: ReliabilityFeatures): Promise<void> {
    await this.stopHosts();
    this.config = { ...this.config, features };
    for (const host of this.hosts) {
      try {
        await host.start();
      } catch (error) {
        throw new ServiceStartError(host.name, error);
      }
    }
  }

  host(name: ServiceName): ServiceHost | undefined {
    return this.hosts.find((host) => host.name === name);
  }

  private registerWeb(): void {
    const local = this.options.modules.map((module) => module.name);
    this.live = new LiveFeed(() => this.config, this.transportFor, this.logger);
    this.live.register(this.app);
    registerSystemApi(this.app, {
      config: () => this.config,
      databaseKind: () => this.database?.kind ?? (this.config.databaseUrl ? 'postgres' : 'pglite'),
      logger: this.logger,
      localServices: local,
      // A web process alone (started by hand with --service-url) knows no service process to switch.
      reconfigure:
        local.length > 0 || this.options.processTable ? (features) => this.reconfigure(features) : undefined,
      callService: (service, method, path, body) => this.callService(service, method, path, body),
      processes: () => this.options.processTable?.processes() ?? [],
    });
    // A process started, stopped or crashed: the technical area reloads the overview.
    this.options.processTable?.onChange((processes) =>
      this.live?.emit('system', {
        profile: profileOf(this.config.features),
        features: this.config.features,
        processes,
      }),
    );
    registerCompareApi(this.app, () => this.config);
    for (const service of SERVICE_NAMES.filter((name) => !local.includes(name))) this.forward(service);
    this.serveUi();
  }

  private async callService(service: ServiceName, method: 'GET' | 'POST', path: string, body?: unknown) {
    if (this.host(service)) {
      const response = await this.app.inject({ method, url: path, payload: body as object | undefined });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
    }
    const base = this.config.serviceUrls[service];
    if (!base)
      throw new Error(`No URL configured for service ${service} (--service-url ${service}=http://…)`);
    const response = await fetch(`${base.replace(/\/$/, '')}${path}`, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** In distributed mode the web process routes /api/<service> to the process that runs it. */
  private forward(service: ServiceName): void {
    const handler = async (
      request: import('fastify').FastifyRequest,
      reply: import('fastify').FastifyReply,
    ) => {
      const base = this.config.serviceUrls[service];
      if (!base) return reply.status(503).send({ message: `Service ${service} has no configured URL` });
      try {
        const response = await fetch(`${base.replace(/\/$/, '')}${request.url}`, {
          method: request.method,
          headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
          body: ['GET', 'HEAD'].includes(request.method) ? undefined : JSON.stringify(request.body ?? {}),
          signal: AbortSignal.timeout(30_000),
        });
        reply
          .status(response.status)
          .header('content-type', response.headers.get('content-type') ?? 'application/json');
        return reply.send(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        return reply
          .status(503)
          .send({ message: `Service ${service} is unreachable: ${(error as Error).message}` });
      }
    };
    this.app.all(`/api/${service}`, handler);
    this.app.all(`/api/${service}/*`, handler);
  }

  private serveUi(): void {
    const uiDir = this.options.uiDir ?? DEFAULT_UI_DIR;
    if (existsSync(`${uiDir}/index.html`)) {
      this.app.register(fastifyStatic, { root: uiDir, wildcard: false });
      this.app.setNotFoundHandler((request, reply) => {
        if (request.url.startsWith('/api/'))
          return reply.status(404).send({ message: `No route ${request.method} ${request.url}` });
        return reply.sendFile('index.html');
      });
      return;
    }
    // Not part of the API: hidden from the OpenAPI document, which must not depend on whether the UI is built.
    this.app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><title>TicketFlow</title><h1>TicketFlow API is running</h1><p>The UI is not built: run <code>npm run ui:build -w ticketflow</code>.</p><p><a href="/api/docs/openapi.json">OpenAPI</a> · <a href="/api/system">System</a></p>',
        ),
    );
  }
}
