import { randomUUID } from 'node:crypto';
import type { MessageOf } from '@pragmatic-messaging/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InquirySubmitted } from '../../src/contracts/inquiries-contracts.js';
import { AnomalyChanged } from '../../src/contracts/system-contracts.js';
import { AnomalyWorld, transportSettings } from './anomaly-world.js';

/**
 * The instance that enables an anomaly applies it at once and then receives its own AnomalyChanged, like every
 * other instance; a broker may deliver that message again after a connection drop. Either copy arriving after the
 * anomaly fired must not arm it again: on Azure Service Bus, a ConnectionDrop that should fire once fired three times.
 */
describe('an anomaly that fires once', () => {
  let world: AnomalyWorld;
  beforeAll(async () => {
    world = await AnomalyWorld.start('memory', transportSettings('memory')!);
  }, 60_000);
  afterAll(() => world?.stop());

  it('is not armed again when its change comes back after it fired', async () => {
    world.watch();
    const enabled = await world.enable('tickets', 'ConnectionDrop', InquirySubmitted.type);
    expect(enabled.status, enabled.body.message).toBe(201);
    const change = world.eventsOf('tickets', AnomalyChanged.type).find((event) => event.kind === 'published');
    expect(change?.kind).toBe('published');

    const first = await world.submitAccepted(world.title('Dropped'));
    await world.ticketWhen(
      first,
      (ticket) => ticket.status === 'BeforeQualification',
      'created after the drop',
    );
    expect(world.drops.get('tickets')).toBe(1);

    // The same change once more, as a late echo or a redelivery brings it.
    const messaging = world.flow.runtime.host('tickets')!.current().messaging;
    const again = randomUUID();
    const payload = (change as { message: MessageOf<typeof AnomalyChanged> }).message;
    expect(payload.changeId).toEqual(expect.any(String));
    await messaging.publish(AnomalyChanged, payload, { id: again });
    await world.until(
      () => world.settled('tickets', AnomalyChanged.type, again).length > 0,
      'the repeated change handled',
    );
    expect(await world.api.ok('/api/tickets/anomalies')).toEqual([]);

    const second = await world.submitAccepted(world.title('Not dropped'));
    await world.ticketWhen(second, (ticket) => ticket.status === 'BeforeQualification', 'created');
    expect(world.drops.get('tickets')).toBe(1);
  }, 60_000);
});
