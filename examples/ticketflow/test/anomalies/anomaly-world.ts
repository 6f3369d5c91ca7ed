import { randomUUID } from 'node:crypto';
import { type BusEvent, InMemoryBroker, silentLogger, type Transport } from '@pragmatic-messaging/core';
import { brokerFromEnvironment, ConditionWaiter } from '@pragmatic-messaging/core/testing';
import {
  createAzureServiceBusTransport,
  PREMIUM_TIER_MAX_MESSAGE_BYTES,
} from '@pragmatic-messaging/transport-asb';
import { expect } from 'vitest';
// No Service Bus runs here: the ASB leg of the matrix runs over the transport's SDK double.
import { ServiceBusNamespaceDouble } from '../../../../packages/transport-asb/test/double/service-bus-namespace-double.js';
import { PROFILES, type ReliabilityProfile } from '../../src/config/reliability-profile.js';
import {
  type ConfigOverrides,
  loadConfig,
  SERVICE_NAMES,
  type ServiceName,
  type TransportName,
} from '../../src/config/ticketflow-config.js';
import { type RunningTicketFlow, startTicketFlow } from '../../src/embedded.js';
import { createTransport, type TransportFactory } from '../../src/runtime/transport-factory.js';
import { eventually } from '../support/eventually.js';
import { asCustomer, TicketFlowClient } from '../support/ticketflow-client.js';

export const CUSTOMER = 'matrix@example.com';
const WAIT_MS = 25_000;

interface Ticket {
  id: string;
  title: string;
  status: string;
}

interface DeadLetter {
  service: string;
  endpoint: string;
  messageId: string;
  type: string;
  failure: { reason: string; message: string; attempts: number };
  body: { id?: string };
}

/**
 * Where a leg of the matrix runs: a transport, and for Azure Service Bus whether the real SDK talks to our emulator
 * on the wire (`asb`) or the transport talks to its SDK double in this process (`asb-double`).
 */
export type MatrixTransport = TransportName | 'asb-double';

/** The broker settings of each leg; undefined when its broker is not configured here (the leg is skipped). */
export function transportSettings(leg: MatrixTransport): ConfigOverrides | undefined {
  const brokerPrefix = `tfmx${randomUUID().slice(0, 6)}.`;
  switch (leg) {
    case 'memory':
      return {};
    case 'rabbitmq': {
      const rabbitmqUrl = brokerFromEnvironment('RABBITMQ_URL', 'TicketFlow anomaly matrix on RabbitMQ');
      return rabbitmqUrl ? { transport: leg, rabbitmqUrl, brokerPrefix } : undefined;
    }
    case 'kafka': {
      const brokers = brokerFromEnvironment('KAFKA_BROKERS', 'TicketFlow anomaly matrix on Kafka');
      return brokers ? { transport: leg, kafkaBrokers: brokers.split(','), brokerPrefix } : undefined;
    }
    case 'asb': {
      // Our Service Bus emulator (scripts/services.sh); its HTTPS certificate is trusted through NODE_EXTRA_CA_CERTS.
      const asbConnectionString = brokerFromEnvironment(
        'ASB_EMULATOR_CONNECTION_STRING',
        'TicketFlow anomaly matrix on Azure Service Bus',
      );
      return asbConnectionString ? { transport: leg, asbConnectionString, brokerPrefix } : undefined;
    }
    case 'asb-double':
      // The connection string only satisfies the configuration; the transports are built over the double.
      return {
        transport: 'asb',
        asbConnectionString: 'Endpoint=sb://double.servicebus.windows.net/',
        brokerPrefix,
      };
  }
}

/**
 * One TicketFlow (all services in this process, PGlite in memory) on one transport, and what the anomaly
 * scenarios need to drive it and to see what happened: the HTTP API as a user would use it, plus the bus events of
 * each service and the connection drops of each transport, to await what cannot be seen over HTTP.
 */
export class AnomalyWorld {
  readonly waiter = new ConditionWaiter();
  /** Bus events per service since the last `watch()`. */
  readonly events = new Map<ServiceName, BusEvent[]>();
  /** Connection drops simulated per service (the ConnectionDrop anomaly). */
  readonly drops = new Map<string, number>();
  private readonly unsubscribes: (() => void)[] = [];

  private constructor(
    readonly transport: TransportName,
    readonly flow: RunningTicketFlow,
    readonly api: TicketFlowClient,
  ) {}

  static async start(leg: MatrixTransport, settings: ConfigOverrides): Promise<AnomalyWorld> {
    // Drops come from anomalies, so only once the world exists; the factory reports them through this.
    const dropped = { report: (_service: string) => {} };
    const flow = await startTicketFlow({
      ...settings,
      port: 0,
      host: '127.0.0.1',
      dataDir: undefined,
      databaseUrl: undefined,
      logLevel: 'silent',
      env: {},
      transportFactory: transportFactoryFor(leg, settings, (service) => dropped.report(service)),
      timing: { retryDelaysMs: [100, 200], metricsIntervalMs: 60_000 },
    });
    const world = new AnomalyWorld(flow.config.transport, flow, new TicketFlowClient(flow.url));
    dropped.report = (service) => {
      world.drops.set(service, (world.drops.get(service) ?? 0) + 1);
      world.waiter.changed();
    };
    world.watch();
    return world;
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    await this.flow.stop();
  }

  /** Switch the whole reliability profile (the services restart in place), and watch the new buses. */
  async useProfile(profile: ReliabilityProfile): Promise<void> {
    const answer = await this.api.post<{ message?: string }>('/api/system/features', { profile }, 'PUT');
    expect(answer.status, answer.body.message).toBe(200);
    this.watch();
  }

  get features() {
    return this.flow.runtime.host('tickets')!.current().features;
  }

  get profile(): ReliabilityProfile {
    const { features } = this;
    return (Object.keys(PROFILES) as ReliabilityProfile[]).find((name) =>
      Object.entries(PROFILES[name]).every(([key, on]) => features[key as keyof typeof features] === on),
    )!;
  }

  /** Start afresh: collect the bus events of every running service from now on, count drops from zero. */
  watch(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.events.clear();
    this.drops.clear();
    for (const service of SERVICE_NAMES) {
      const events: BusEvent[] = [];
      this.events.set(service, events);
      const messaging = this.flow.runtime.host(service)!.current().messaging;
      this.unsubscribes.push(
        messaging.onEvent((event) => {
          events.push(event);
          this.waiter.changed();
        }),
      );
    }
  }

  eventsOf(service: ServiceName, type?: string): BusEvent[] {
    return (this.events.get(service) ?? []).filter((event) => type === undefined || event.type === type);
  }

  until(condition: () => boolean, description: string, timeoutMs = WAIT_MS): Promise<void> {
    return this.waiter.until(condition, description, timeoutMs, () =>
      [...this.events].map(([service, events]) => `${service}: ${events.length} events`).join(', '),
    );
  }

  async enable(service: ServiceName, anomalyType: string, messageType: string, params: object = {}) {
    return this.api.post<{ message?: string }>(`/api/${service}/anomalies`, {
      anomalyType,
      messageType,
      params,
    });
  }

  async disable(service: ServiceName, anomalyType: string, messageType: string): Promise<void> {
    const response = await fetch(
      `${this.api.url}/api/${service}/anomalies/${anomalyType}/messages/${encodeURIComponent(messageType)}`,
      { method: 'DELETE' },
    );
    expect([200, 404]).toContain(response.status);
  }

  /** Turn every anomaly of every service off (between scenarios). */
  async disableAll(): Promise<void> {
    for (const service of SERVICE_NAMES) {
      for (const fault of this.flow.runtime.host(service)!.faults.list()) {
        const [anomalyType, messageType] = fault.id.split('|');
        await this.disable(service, anomalyType!, messageType!);
      }
    }
  }

  title(label: string): string {
    return `${label} ${randomUUID().slice(0, 8)}`;
  }

  async submit(title: string): Promise<{ status: number; id?: string; message?: string }> {
    const { status, body } = await this.api.post<{ id?: string; message?: string }>('/api/inquiries/submit', {
      name: 'Matrix Customer',
      email: CUSTOMER,
      title,
      description: 'Something broke while an anomaly was on.',
      category: 'technical',
    });
    return { status, ...body };
  }

  async submitAccepted(title: string): Promise<string> {
    const answer = await this.submit(title);
    expect(answer.status, answer.message).toBe(202);
    return answer.id!;
  }

  async ticket(id: string): Promise<{ status: number; body: Ticket }> {
    return this.api.get<Ticket>(`/api/tickets/${id}`);
  }

  ticketWhen(id: string, condition: (ticket: Ticket) => boolean, what: string): Promise<Ticket> {
    return eventually(
      `ticket ${id}: ${what}`,
      async () => {
        const { status, body } = await this.ticket(id);
        expect(status, `ticket ${id}: ${what}`).toBe(200);
        expect(condition(body), `ticket ${id}: ${what} (${JSON.stringify(body)})`).toBe(true);
        return body;
      },
      { timeoutMs: WAIT_MS },
    );
  }

  async inquiry(id: string): Promise<{ status: number; body: { status: string; ticketId: string | null } }> {
    return this.api.get(`/api/inquiries/${id}`, asCustomer(CUSTOMER));
  }

  /** The customer's inquiries with this title (the API lists a customer's own, newest first). */
  async inquiriesTitled(title: string): Promise<{ id: string; status: string }[]> {
    const page = await this.api.ok<{ data: { id: string; title: string; status: string }[] }>(
      '/api/inquiries?page=1&limit=25',
      asCustomer(CUSTOMER),
    );
    return page.data.filter((inquiry) => inquiry.title === title);
  }

  async ticketsTitled(title: string): Promise<Ticket[]> {
    const page = await this.api.ok<{ data: Ticket[] }>('/api/tickets?page=1&limit=100');
    return page.data.filter((ticket) => ticket.title === title);
  }

  /** Incident alerts that name the ticket (alerts name tickets by title). */
  async incidentAlerts(title: string): Promise<{ id: string; message: string }[]> {
    const alerts =
      await this.api.ok<{ id: string; message: string; type: string }[]>('/api/communication/alerts');
    return alerts.filter((alert) => alert.type === 'Incident' && alert.message.includes(`“${title}”`));
  }

  async deadLetterOf(bodyId: string): Promise<DeadLetter> {
    return eventually(
      `a dead letter for ${bodyId} is listed`,
      async () => {
        const letters = await this.api.ok<DeadLetter[]>('/api/system/dead-letters');
        const found = letters.find((letter) => letter.body?.id === bodyId);
        expect(found, `a dead letter for ${bodyId}`).toBeDefined();
        return found!;
      },
      { timeoutMs: WAIT_MS },
    );
  }

  async replay(letter: DeadLetter): Promise<void> {
    const answer = await this.api.post<{ replayed: number }>('/api/system/dead-letters/replay', {
      service: letter.service,
      endpoint: letter.endpoint,
      ids: [letter.messageId],
    });
    expect(answer.body.replayed).toBe(1);
  }

  /** A ticket ready for qualification, made without anomalies in the way. */
  async readyTicket(label: string): Promise<Ticket> {
    const id = await this.submitAccepted(this.title(label));
    return this.ticketWhen(
      id,
      (ticket) => ticket.status === 'BeforeQualification',
      'ready for qualification',
    );
  }

  async act(path: string, body: object = {}): Promise<void> {
    const answer = await this.api.post<{ message?: string }>(path, body);
    expect(answer.status, `${path}: ${answer.body?.message}`).toBe(200);
  }

  async qualify(id: string, ticketType: 'Incident' | 'Question'): Promise<void> {
    await this.act(`/api/tickets/${id}/qualify`, { ticketType, severityLevel: 'High' });
  }

  async slaView(id: string): Promise<{ version: number; blocked: boolean }> {
    return this.api.ok(`/api/sla/tickets/${id}`);
  }

  /**
   * The deliveries of `type` that `service` settled by handling them or skipping them (a duplicate, a stale
   * version), in order. Endpoints that do not handle the type are left out: on Kafka they see it and skip it.
   */
  settled(service: ServiceName, type?: string, messageId?: string): BusEvent[] {
    return this.eventsOf(service, type).filter(
      (event) =>
        (messageId === undefined || event.messageId === messageId) &&
        (event.kind === 'handled' || (event.kind === 'skipped' && event.reason !== 'not-subscribed')),
    );
  }

  /**
   * The id of the message of `type` that `service` published about this ticket or inquiry (copies of earlier ones
   * may still be on their way).
   */
  publishedAbout(service: ServiceName, type: string, id: string): string | undefined {
    const published = this.eventsOf(service, type).find((event) => {
      if (event.kind !== 'published') return false;
      const message = event.message as { ticketId?: string; id?: string };
      return (message.ticketId ?? message.id) === id;
    });
    return published?.messageId;
  }

  /**
   * How long `service` took to handle the message of `type` it received about this ticket or inquiry. Waits for the
   * `handled` event: it comes when the delivery is settled, which can be after the handler's work is visible (a
   * Service Bus settlement is a round trip to the broker).
   */
  async handlingTime(
    service: ServiceName,
    type: string,
    publisher: ServiceName,
    id: string,
  ): Promise<number> {
    const handledEvent = (): BusEvent | undefined => {
      const messageId = this.publishedAbout(publisher, type, id);
      return this.eventsOf(service, type).find(
        (event) => event.kind === 'handled' && event.messageId === messageId,
      );
    };
    await this.until(() => handledEvent() !== undefined, `${service} handled the ${type} about ${id}`);
    const handled = handledEvent();
    return handled?.kind === 'handled' ? handled.durationMs : Number.NaN;
  }
}

/**
 * The transports of the world: the configured ones (as `npm start` builds them; Service Bus with test timings), or
 * the ASB SDK double for `asb-double`, each reporting its simulated connection losses.
 */
function transportFactoryFor(
  leg: MatrixTransport,
  settings: ConfigOverrides,
  onDrop: (service: string) => void,
): TransportFactory {
  const config = loadConfig({}, { ...settings, dataDir: undefined });
  const broker = new InMemoryBroker();
  const namespace = leg === 'asb-double' ? new ServiceBusNamespaceDouble({ tier: 'premium' }) : undefined;
  // Service Bus settings short enough for a test (as in the conformance suite): the shortest lock, so a delivery
  // lost with its connection comes again within seconds, and SDK operations that give up after 5 s, so a stopping
  // service does not wait a minute for an accept-next-session to time out.
  const serviceBus = {
    namePrefix: config.brokerPrefix.replaceAll('.', '-'),
    maxMessageBytes: PREMIUM_TIER_MAX_MESSAGE_BYTES,
    lockDurationMs: 5_000,
    sessionIdleTimeoutMs: 200,
    reconnectDelayMs: 50,
  };
  const retryOptions = { timeoutInMs: 5_000, retryDelayInMs: 50 };
  const build = (service: ServiceName | 'web'): Transport => {
    if (namespace) {
      return createAzureServiceBusTransport({
        ...serviceBus,
        sdk: {
          client: namespace.createClient({ retryOptions }),
          administration: namespace.createAdministrationClient(),
        },
      });
    }
    if (leg === 'asb') {
      return createAzureServiceBusTransport({
        ...serviceBus,
        connectionString: config.asbConnectionString!,
        retryOptions: { ...retryOptions, retryDelayInMs: 100, maxRetries: 3 },
      });
    }
    return createTransport(config, service, silentLogger, broker);
  };
  return (service) => {
    const created = build(service);
    const drop = created.simulateConnectionLoss.bind(created);
    created.simulateConnectionLoss = async () => {
      onDrop(service);
      await drop();
    };
    return created;
  };
}
