import { expect } from 'vitest';
import type { ServiceName } from '../../src/config/ticketflow-config.js';
import { InquirySubmitted } from '../../src/contracts/inquiries-contracts.js';
import { IncidentCreated, TicketBlocked, TicketUnblocked } from '../../src/contracts/tickets-contracts.js';
import type { AnomalyParams } from '../../src/runtime/anomaly-catalog.js';
import { eventually } from '../support/eventually.js';
import type { AnomalyWorld } from './anomaly-world.js';

/**
 * One anomaly of the catalogue as the matrix exercises it: where it is enabled, for which message type, and how
 * to observe what its description promises — which depends on the protections the current profile has on.
 */
export interface AnomalyScenario {
  readonly service: ServiceName;
  readonly messageType: string;
  readonly params?: AnomalyParams;
  observe(world: AnomalyWorld): Promise<void>;
}

const INJECTED = 'Error anomaly has been generated!';

/** Deliveries × tries per delivery of a message that always fails, with the matrix's retry policy. */
function failedRuns(world: AnomalyWorld): number {
  // Retries on: 2 immediate retries per delivery, 2 delayed retries (100 ms, 200 ms); off: one try.
  return world.features.retries ? 3 * 3 : 1;
}

/** A submit that the anomaly makes fail: the caller gets a 503 saying why, never a 500. */
async function failingSubmit(world: AnomalyWorld, title: string): Promise<void> {
  const answer = await world.submit(title);
  expect(answer.status, JSON.stringify(answer)).toBe(503);
  expect(answer.message).toContain(INJECTED);
}

/**
 * The tickets titled `title` once everything in flight has arrived: turn the anomalies off, run a sentinel inquiry
 * through (it takes the same path after the failed one), then look.
 */
async function ticketsAfterSentinel(world: AnomalyWorld, title: string) {
  await world.disableAll();
  await world.readyTicket('Sentinel');
  return world.ticketsTitled(title);
}

/**
 * Qualify a fresh ticket as an incident and wait until Communication settled its IncidentCreated `times` times;
 * returns the ticket and those settlements (only this ticket's: copies of earlier ones may still arrive).
 */
async function incidentSettled(world: AnomalyWorld, times: number) {
  const ticket = await world.readyTicket('Incident');
  await world.qualify(ticket.id, 'Incident');
  await world.until(
    () => world.publishedAbout('tickets', IncidentCreated.type, ticket.id) !== undefined,
    'Tickets published the IncidentCreated',
  );
  const messageId = world.publishedAbout('tickets', IncidentCreated.type, ticket.id);
  const settled = () => world.settled('communication', IncidentCreated.type, messageId);
  await world.until(
    () => settled().length >= times,
    `Communication settled IncidentCreated ${times} time(s)`,
  );
  return { ticket, settled: settled() };
}

/** The submit fails and leaves nothing behind: no inquiry, no message, so no ticket. */
function nothingWritten(label: string): AnomalyScenario {
  return {
    service: 'inquiries',
    messageType: InquirySubmitted.type,
    async observe(world) {
      const title = world.title(label);
      await failingSubmit(world, title);
      expect(await world.inquiriesTitled(title)).toEqual([]);
      expect(await ticketsAfterSentinel(world, title)).toEqual([]);
    },
  };
}

/** Communication gets the incident alert's message a second time: one alert with the inbox, two without. */
const incidentHandledTwice: AnomalyScenario = {
  service: 'communication',
  messageType: IncidentCreated.type,
  async observe(world) {
    const { ticket, settled } = await incidentSettled(world, 2);
    expect(settled.map((event) => event.kind)).toEqual(
      world.features.inbox ? ['handled', 'skipped'] : ['handled', 'handled'],
    );
    expect(await world.incidentAlerts(ticket.title)).toHaveLength(world.features.inbox ? 1 : 2);
  },
};

export const SCENARIOS: Readonly<Record<string, AnomalyScenario>> = {
  ConsumerErrorBeforeHandler: {
    service: 'tickets',
    messageType: InquirySubmitted.type,
    async observe(world) {
      const id = await world.submitAccepted(world.title('Fails before handling'));
      const letter = await world.deadLetterOf(id);
      expect(letter.failure).toMatchObject({ reason: 'INJECTED_FAULT', message: INJECTED });
      // Retries first (when on), then the dead-letter queue.
      expect(letter.failure.attempts).toBe(world.features.retries ? 3 : 1);
      // Only this inquiry's runs: an earlier test's sentinel still in flight fails here too once the anomaly is on.
      const failed = () =>
        world
          .eventsOf('tickets', InquirySubmitted.type)
          .filter((event) => event.kind === 'failed' && event.messageId === letter.messageId);
      // The dead letter can be listed before the bus reports the run that sent it there.
      await world.until(() => failed().length >= failedRuns(world), 'every failed run reported');
      expect(failed()).toHaveLength(failedRuns(world));
      expect((await world.ticket(id)).status).toBe(404);
      // The cause gone, a replay completes the flow.
      await world.disable('tickets', 'ConsumerErrorBeforeHandler', InquirySubmitted.type);
      await world.replay(letter);
      await world.ticketWhen(
        id,
        (ticket) => ticket.status === 'BeforeQualification',
        'created by the replay',
      );
    },
  },

  ConsumerErrorAfterHandler: {
    service: 'tickets',
    messageType: InquirySubmitted.type,
    async observe(world) {
      const id = await world.submitAccepted(world.title('Fails after handling'));
      const letter = await world.deadLetterOf(id);
      expect(letter.failure.attempts).toBe(world.features.retries ? 3 : 1);
      // The handler's work is rolled back every time: no ticket.
      expect((await world.ticket(id)).status).toBe(404);
      if (world.features.outbox) {
        // Its TicketCreated was in the outbox and rolled back with it: the inquiry never hears of a ticket.
        expect((await world.inquiry(id)).body).toMatchObject({ status: 'New', ticketId: null });
      } else {
        // Without the outbox the TicketCreated was already out: the inquiry links a ticket that does not exist.
        await eventually(`inquiry ${id} is linked to its ticket`, async () => {
          expect((await world.inquiry(id)).body).toMatchObject({ status: 'InProgress', ticketId: id });
        });
        expect((await world.ticket(id)).status).toBe(404);
      }
    },
  },

  ConsumerDelayBeforeHandler: {
    service: 'tickets',
    messageType: InquirySubmitted.type,
    params: { delayInMs: 700 },
    async observe(world) {
      const started = Date.now();
      const id = await world.submitAccepted(world.title('Waits before handling'));
      await world.ticketWhen(id, () => true, 'created after the delay');
      expect(Date.now() - started).toBeGreaterThanOrEqual(680);
      expect(
        await world.handlingTime('tickets', InquirySubmitted.type, 'inquiries', id),
      ).toBeGreaterThanOrEqual(680);
    },
  },

  ConsumerDelayAfterHandler: {
    service: 'tickets',
    messageType: InquirySubmitted.type,
    params: { delayInMs: 1_000 },
    async observe(world) {
      // The handler's transaction stays open for the delay: the ticket is committed (visible) only after it. (On
      // PostgreSQL, without the outbox, its TicketCreated is out before that; PGlite, one connection for the whole
      // process, makes every other transaction wait for this one instead.)
      const started = Date.now();
      const id = await world.submitAccepted(world.title('Waits after handling'));
      await world.ticketWhen(id, () => true, 'committed after the delay');
      expect(Date.now() - started).toBeGreaterThanOrEqual(980);
      expect(
        await world.handlingTime('tickets', InquirySubmitted.type, 'inquiries', id),
      ).toBeGreaterThanOrEqual(980);
      await eventually(`inquiry ${id} is linked to its ticket`, async () => {
        expect((await world.inquiry(id)).body).toMatchObject({ status: 'InProgress', ticketId: id });
      });
    },
  },

  ProducerErrorBeforeTransaction: nothingWritten('Fails before the transaction'),

  ProducerErrorWithinTransaction: {
    service: 'inquiries',
    messageType: InquirySubmitted.type,
    async observe(world) {
      const title = world.title('Fails within the transaction');
      await failingSubmit(world, title);
      expect(await world.inquiriesTitled(title)).toEqual([]);
      if (world.features.outbox) {
        // The message was in the outbox, rolled back with the inquiry.
        expect(await ticketsAfterSentinel(world, title)).toEqual([]);
      } else {
        // Without the outbox it was already out: a ticket for an inquiry that does not exist.
        await eventually('exactly one ticket has the title', async () => {
          expect(await world.ticketsTitled(title)).toHaveLength(1);
        });
      }
    },
  },

  ProducerErrorAfterTransaction: {
    service: 'inquiries',
    messageType: InquirySubmitted.type,
    async observe(world) {
      const title = world.title('Fails after the transaction');
      await failingSubmit(world, title);
      // The caller saw an error although the work was done: the inquiry exists and becomes a ticket.
      const [inquiry] = await world.inquiriesTitled(title);
      expect(inquiry).toBeDefined();
      await world.ticketWhen(
        inquiry!.id,
        (ticket) => ticket.status === 'BeforeQualification',
        'created anyway',
      );
    },
  },

  OutboxErrorOnSave: nothingWritten('Fails on the outbox save'),

  OutboxErrorOnPublish: {
    service: 'tickets',
    messageType: IncidentCreated.type,
    async observe(world) {
      const ticket = await world.readyTicket('Published again');
      await world.qualify(ticket.id, 'Incident');
      await world.until(
        () => world.publishedAbout('tickets', IncidentCreated.type, ticket.id) !== undefined,
        'Tickets published the IncidentCreated',
      );
      const messageId = world.publishedAbout('tickets', IncidentCreated.type, ticket.id);
      // The relay published it, failed to mark it sent, and published it again.
      await eventually('the outbox fault fired twice', async () => {
        const [fault] = await world.api.ok<{ fired: number }[]>('/api/tickets/anomalies');
        expect(fault?.fired).toBeGreaterThanOrEqual(2);
      });
      await world.disable('tickets', 'OutboxErrorOnPublish', IncidentCreated.type);
      await eventually('the outbox backlog is empty', async () => {
        const health = await world.api.ok<{ outbox?: { backlog: { unsent: number } } }>(
          '/api/tickets/health',
        );
        expect(health.outbox?.backlog.unsent).toBe(0);
      });
      await world.until(
        () => world.settled('communication', IncidentCreated.type, messageId).length >= 2,
        'Communication got the copies',
      );
      const alerts = await world.incidentAlerts(ticket.title);
      // The inbox keeps one effect; without it every copy raises an alert.
      if (world.features.inbox) expect(alerts).toHaveLength(1);
      else expect(alerts.length).toBeGreaterThanOrEqual(2);
    },
  },

  // Both deliver the incident alert a second time; the inbox keeps one effect.
  DuplicateDelivery: incidentHandledTwice,

  Reorder: {
    service: 'sla',
    messageType: TicketBlocked.type,
    params: { delayInMs: 1_000 },
    async observe(world) {
      const ticket = await world.readyTicket('Held back');
      await world.qualify(ticket.id, 'Question');
      await world.act(`/api/tickets/${ticket.id}/block/${encodeURIComponent('Waiting for parts')}`);
      await world.act(`/api/tickets/${ticket.id}/unblock/${encodeURIComponent('Parts arrived')}`);
      await world.until(
        () => world.settled('sla', TicketBlocked.type).length === 1,
        'SLA settled the held-back TicketBlocked',
      );
      const order = world.settled('sla').map((event) => event.type);
      // The later event overtook the held one.
      expect(order.indexOf(TicketUnblocked.type)).toBeLessThan(order.indexOf(TicketBlocked.type));
      const [blocked] = world.settled('sla', TicketBlocked.type);
      if (world.features.orderingGuard) {
        // The guard sees a version older than the one applied and skips it: SLA knows the ticket is unblocked.
        expect(blocked).toMatchObject({ kind: 'skipped', reason: 'stale-version' });
        expect((await world.slaView(ticket.id)).blocked).toBe(false);
      } else {
        // Applied late, the stale event overwrites newer state: SLA believes the ticket is blocked, its clock stops.
        expect(blocked?.kind).toBe('handled');
        expect((await world.slaView(ticket.id)).blocked).toBe(true);
      }
    },
  },

  CrashBeforeAck: incidentHandledTwice,

  ConnectionDrop: {
    service: 'tickets',
    messageType: InquirySubmitted.type,
    async observe(world) {
      const ids: string[] = [];
      for (const label of ['Dropped one', 'Dropped two', 'Dropped three']) {
        ids.push(await world.submitAccepted(world.title(label)));
      }
      // Every inquiry still becomes a ticket: nothing is lost with the connection.
      for (const id of ids) {
        await world.ticketWhen(
          id,
          (ticket) => ticket.status === 'BeforeQualification',
          'created after the drop',
        );
      }
      expect(world.drops.get('tickets')).toBe(1);
      // The anomaly fires once and is gone; the transport is connected again.
      expect(await world.api.ok('/api/tickets/anomalies')).toEqual([]);
      await eventually('the tickets service is connected again', async () => {
        const health = await world.api.ok<{ transport: { status: string } }>('/api/tickets/health');
        expect(health.transport.status).toBe('connected');
      });
    },
  },
};
