import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness, createTestMessaging } from '../../src/entries/testing.js';
import {
  createMemoryStore,
  currentMessageScope,
  Headers,
  type Messaging,
  type MessagingOptions,
  NonRetryableError,
} from '../../src/index.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function busWith(options: Partial<MessagingOptions>): Messaging {
  const bus = createTestMessaging({
    store: createMemoryStore(),
    retry: { immediate: 0, delays: [] },
    ...options,
  });
  buses.push(bus);
  return bus;
}

for (const messageScope of ['ambient', 'explicit'] as const) {
  describe(`message scope: ${messageScope}`, () => {
    it('ctx.publish joins the handler’s outbox: nothing leaves when the handler fails, and it names its cause', async () => {
      const bus = busWith({ messageScope });
      const assignments: { agent: string; headers: Record<string, string> }[] = [];
      bus.endpoint('assignment').on(TicketCreated, async (ticket, ctx) => {
        await ctx.publish(TicketAssigned, { ticketId: ticket.ticketId, agent: ticket.title });
        if (ticket.title === 'doomed') throw new NonRetryableError('failed after publishing');
      });
      bus.endpoint('notification').on(TicketAssigned, (assignment, ctx) => {
        assignments.push({ agent: assignment.agent, headers: { ...ctx.headers } });
      });
      const harness = createTestHarness(bus);
      await bus.start();

      await bus.publish(TicketCreated, { ticketId: 't-1', title: 'doomed' }, { id: 'created-1' });
      await harness.deadLettered(TicketCreated);
      await bus.publish(TicketCreated, { ticketId: 't-2', title: 'ada' }, { id: 'created-2' });
      await harness.handled(TicketAssigned);

      expect(assignments.map((assignment) => assignment.agent)).toEqual(['ada']);
      expect(assignments[0]!.headers).toMatchObject({
        [Headers.correlationId]: 'created-2',
        [Headers.causationId]: 'created-2',
      });
    });

    it('the publish argument of messaging.transaction() writes to its outbox, rolled back with it', async () => {
      const bus = busWith({ messageScope });
      bus.endpoint('notification').on(TicketAssigned, () => {});
      const harness = createTestHarness(bus);
      await bus.start();

      await expect(
        bus.transaction(async (_tx, publish) => {
          await publish(TicketAssigned, { ticketId: 't-1', agent: 'rolled back' });
          throw new Error('request failed');
        }),
      ).rejects.toThrow('request failed');
      await bus.transaction((_tx, publish) => publish(TicketAssigned, { ticketId: 't-2', agent: 'kept' }));

      const [handled] = await harness.handled(TicketAssigned);
      expect(handled!.message).toEqual({ ticketId: 't-2', agent: 'kept' });
      expect(harness.recorded('handled', TicketAssigned)).toHaveLength(1);
    });
  });
}

describe('message scope: ambient vs explicit', () => {
  it('only the ambient scope reaches code that does not have the handler context', async () => {
    const seen: Record<string, string | undefined> = {};
    for (const messageScope of ['ambient', 'explicit'] as const) {
      const bus = busWith({ messageScope });
      bus.endpoint('desk').on(TicketCreated, () => {
        seen[messageScope] = currentMessageScope()?.messageId;
      });
      const harness = createTestHarness(bus);
      await bus.start();
      await bus.publish(TicketCreated, { ticketId: 't-1', title: 'x' }, { id: `created-${messageScope}` });
      await harness.handled(TicketCreated);
    }
    expect(seen).toEqual({ ambient: 'created-ambient', explicit: undefined });
  });
});
