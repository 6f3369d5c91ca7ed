import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReliabilityProfile } from '../../src/config/reliability-profile.js';
import { ANOMALY_TYPES, unavailabilityOf } from '../../src/runtime/anomaly-catalog.js';
import { SCENARIOS } from './anomaly-scenarios.js';
import { AnomalyWorld, type MatrixTransport, transportSettings } from './anomaly-world.js';

export interface MatrixLeg {
  readonly transport: MatrixTransport;
  /** The anomaly types to run (default, and what every leg runs: the whole catalogue). */
  readonly anomalies?: readonly string[];
  readonly profiles?: readonly ReliabilityProfile[];
}

/**
 * The anomaly matrix on one transport: every anomaly of `anomalies` under every profile, each asserting what the
 * anomaly's own description promises with the protections that profile has. One TicketFlow per leg; the profile is
 * switched at run time between the groups, as a user does in the technical area.
 */
export function describeAnomalyMatrix({
  transport,
  anomalies = Object.keys(ANOMALY_TYPES),
  profiles = ['reliable', 'naive'],
}: MatrixLeg): void {
  const settings = transportSettings(transport);
  describe.runIf(settings)(`anomaly matrix on ${transport}`, () => {
    let world: AnomalyWorld;
    beforeAll(async () => {
      world = await AnomalyWorld.start(transport, settings!);
    }, 180_000);
    afterAll(async () => {
      await world?.stop();
    }, 60_000);

    for (const profile of profiles) {
      describe(`${profile} profile`, () => {
        beforeAll(() => world.useProfile(profile), 120_000);
        beforeEach(() => world.watch());
        afterEach(() => world.disableAll());

        for (const anomalyType of anomalies) {
          it(anomalyType, async () => {
            const scenario = SCENARIOS[anomalyType];
            if (!scenario) throw new Error(`No matrix scenario for anomaly type ${anomalyType}`);
            const unavailable = unavailabilityOf(anomalyType, {
              transport: world.transport,
              features: world.features,
            });
            const enabled = await world.enable(
              scenario.service,
              anomalyType,
              scenario.messageType,
              scenario.params,
            );
            if (unavailable) {
              // The catalogue says why it cannot apply here; the API refuses it, and nothing changes.
              expect(enabled.status).toBe(409);
              expect(enabled.body.message).toContain(unavailable);
              await world.readyTicket('Unaffected');
              return;
            }
            expect(enabled.status, enabled.body.message).toBe(201);
            await scenario.observe(world);
          }, 90_000);
        }
      });
    }
  });
}
