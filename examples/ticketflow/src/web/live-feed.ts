import { createMessaging, type Logger, type Messaging, type Transport } from '@pragmatic-messaging/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TicketFlowConfig } from '../config/ticketflow-config.js';
import { AlertStored, MessageStored } from '../contracts/communication-contracts.js';
import { InquirySubmitted, InquiryUpdated } from '../contracts/inquiries-contracts.js';
import { DeadLetterRecorded, MetricTick } from '../contracts/system-contracts.js';
import {
  AgentAssignedToTicket,
  TicketBlocked,
  TicketCreated,
  TicketQualified,
  TicketResolved,
  TicketUnblocked,
  TicketUpdated,
} from '../contracts/tickets-contracts.js';
import type { TransportFactory } from '../runtime/transport-factory.js';

const KEEP_ALIVE_MS = 15_000;

/**
 * The browser's live view: a bus participant of its own (a temporary, per-process endpoint on whatever transport
 * TicketFlow runs on) that turns domain events into server-sent events on GET /api/live.
 */
export class LiveFeed {
  private readonly clients = new Set<FastifyReply>();
  private messaging: Messaging | undefined;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: () => TicketFlowConfig,
    private readonly transportFor: TransportFactory,
    private readonly logger: Logger,
  ) {}

  register(app: FastifyInstance): void {
    app.get('/api/live', (request, reply) => {
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write(': connected\n\n');
      this.clients.add(reply);
      request.raw.on('close', () => this.clients.delete(reply));
    });
  }

  async start(): Promise<void> {
    const messaging = createLiveFeedBus(this.config(), this.logger, this.transportFor('web'), (event, data) =>
      this.emit(event, data),
    );
    await messaging.start();
    this.messaging = messaging;
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  emit(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private write(chunk: string): void {
    for (const client of this.clients) {
      if (client.raw.writableEnded) this.clients.delete(client);
      else client.raw.write(chunk);
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.keepAlive);
    for (const client of this.clients) client.raw.end();
    this.clients.clear();
    await this.messaging?.stop();
    this.messaging = undefined;
  }
}

/**
 * The live feed's bus: the domain events the browser shows, turned into `emit(event, data)`. Also built, never
 * started, for the AsyncAPI document of the system.
 */
export function createLiveFeedBus(
  config: TicketFlowConfig,
  logger: Logger,
  transport: Transport,
  emit: (event: string, data: unknown) => void,
): Messaging {
  const messaging = createMessaging({
    service: 'web',
    transport,
    logger,
    retry: { immediate: 0, delays: [] },
  });
  const ticket = (event: { ticketId: string; status: string; version: number }) =>
    emit('ticket', { id: event.ticketId, status: event.status, version: event.version });
  messaging
    .endpoint(`web.live.${config.instanceId}`, { temporary: true, concurrency: 8 })
    .on(TicketCreated, ticket)
    .on(TicketQualified, ticket)
    .on(AgentAssignedToTicket, ticket)
    .on(TicketBlocked, ticket)
    .on(TicketUnblocked, ticket)
    .on(TicketResolved, ticket)
    .on(TicketUpdated, ticket)
    .on(InquirySubmitted, (inquiry) => emit('inquiry', { id: inquiry.id, status: 'New', ticketId: null }))
    .on(InquiryUpdated, (inquiry) => emit('inquiry', inquiry))
    .on(AlertStored, (alert) => emit('alert', alert))
    .on(MessageStored, (message) => emit('message', message))
    .on(MetricTick, (tick) => emit('metrics', tick))
    .on(DeadLetterRecorded, (notice) => emit('dead-letter', notice));
  return messaging;
}
