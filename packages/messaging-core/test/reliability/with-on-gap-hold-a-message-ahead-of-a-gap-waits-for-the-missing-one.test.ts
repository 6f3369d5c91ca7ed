import { expect, it } from 'vitest';
import { z } from 'zod';
import {
  composeMiddleware,
  createMemoryStore,
  defineMessage,
  type MessageContract,
  OutOfOrderError,
} from '../../src/index.js';
import { orderingGuardStep } from '../../src/reliability/ordering-guard-step.js';
import { unitOfWorkStep } from '../../src/reliability/unit-of-work-step.js';
import { consumeContextFor } from '../support/consume-context.js';

const TicketChanged = defineMessage({
  type: 'tickets.ticket-changed',
  topic: 'tickets',
  schema: z.object({ ticketId: z.string(), version: z.number().int() }),
  key: (message) => message.ticketId,
  version: (message) => message.version,
}) as unknown as MessageContract<unknown, unknown>;

it('with onGap "hold", a message ahead of a gap fails with OutOfOrderError until the missing one is applied', async () => {
  const store = createMemoryStore();
  const applied: number[] = [];
  const run = composeMiddleware(
    [unitOfWorkStep(store, () => {}), orderingGuardStep({ onGap: 'hold' })],
    async (context) => {
      applied.push((context.message as { version: number }).version);
    },
  );
  let delivered = 0;
  const deliver = (version: number) =>
    run(
      consumeContextFor(
        { id: `m-${++delivered}`, key: 'T-1' },
        { contract: TicketChanged, message: { ticketId: 'T-1', version } },
      ),
    );

  // Nothing known yet: whatever comes first is applied, there is no gap to see.
  await deliver(3);
  await deliver(4);

  const held = deliver(6);
  await expect(held).rejects.toBeInstanceOf(OutOfOrderError);
  await expect(held).rejects.toThrow(
    '"tickets.ticket-changed" for T-1 has version 6 but the entity is at 4; waiting for version 5',
  );
  // Held messages come back after a delay: retrying at once cannot close the gap.
  await expect(held).rejects.toMatchObject({ retryable: true, retryImmediately: false });

  await deliver(5);
  await deliver(6);
  expect(applied).toEqual([3, 4, 5, 6]);
});
