import type { OutboxRelayHealth } from '../reliability/outbox-relay.js';
import type { StoreHealth } from '../reliability/store-watch.js';
import type { TransportHealth } from '../transport/transport.js';
import type { PublishingHealth } from './publish-tracker.js';
import type { StartupProgress } from './start-until-available.js';

export type MessagingState = 'created' | 'starting' | 'started' | 'stopping' | 'stopped';

/**
 * What a health endpoint needs. `live`: the bus works at all — restart the process when false. `ready`: it can do
 * its job right now (broker connected, publishing works, every endpoint consuming, the store answering) — take it
 * out of rotation when false. `reasons` says why not, in words an operator can act on.
 */
export interface MessagingHealth {
  readonly live: boolean;
  readonly ready: boolean;
  /** Why the bus is not ready (or not live); empty when ready. */
  readonly reasons: readonly string[];
  /** healthy: ready; degraded: live but not ready (reconnecting, store or broker down); unhealthy: not live. */
  readonly status: 'healthy' | 'degraded' | 'unhealthy';
  readonly state: MessagingState;
  readonly transport: TransportHealth;
  readonly endpoints: readonly { readonly name: string; readonly consuming: boolean }[];
  /** Sends to the broker (direct publishes and the outbox relay's). */
  readonly publishing: PublishingHealth;
  /** Present when the bus has a store. */
  readonly store?: StoreHealth | undefined;
  /** Present when the outbox is on. */
  readonly outbox?: OutboxRelayHealth | undefined;
  /** While `start()` waits for the broker: the step it is on and why the last try failed. */
  readonly starting?: StartupProgress | undefined;
}

export interface HealthInputs {
  readonly state: MessagingState;
  readonly transport: TransportHealth;
  readonly endpoints: readonly { readonly name: string; readonly consuming: boolean }[];
  readonly publishing: PublishingHealth;
  readonly store?: StoreHealth | undefined;
  readonly outbox?: OutboxRelayHealth | undefined;
  readonly starting?: StartupProgress | undefined;
}

/** Judges liveness and readiness from what the bus knows; pure, so every rule is testable on its own. */
export function assessHealth(inputs: HealthInputs): MessagingHealth {
  const { state, transport, starting } = inputs;
  const reasons: string[] = [];
  let live = state === 'starting' || state === 'started';
  if (state === 'created') reasons.push('not started');
  if (state === 'stopping' || state === 'stopped') reasons.push(state);
  if (state === 'starting') reasons.push(describeStartup(starting));
  if (state === 'started') {
    const detail = transport.detail ? `: ${transport.detail}` : '';
    if (transport.status === 'failed' || transport.status === 'closed') {
      live = false;
      reasons.push(
        `the broker connection ${transport.status === 'failed' ? 'failed for good' : 'is closed'}${detail}`,
      );
    } else if (transport.status !== 'connected') {
      reasons.push(`the broker connection is ${transport.status}${detail}`);
    }
    for (const endpoint of inputs.endpoints) {
      if (!endpoint.consuming) reasons.push(`endpoint "${endpoint.name}" is not consuming`);
    }
    const { publishing, store } = inputs;
    if (publishing.consecutiveFailures > 0) {
      reasons.push(`publishing fails (${publishing.consecutiveFailures} in a row): ${publishing.lastError}`);
    }
    if (store && !store.reachable) reasons.push(`the store is unreachable: ${store.lastError}`);
  }
  const ready = reasons.length === 0;
  return {
    live,
    ready,
    reasons,
    status: ready ? 'healthy' : live ? 'degraded' : 'unhealthy',
    ...inputs,
  };
}

function describeStartup(starting: StartupProgress | undefined): string {
  if (!starting) return 'starting';
  if (starting.lastError === undefined) return `starting: ${starting.step}`;
  return `starting: could not ${starting.step} (${starting.attempt} attempt(s), retrying): ${starting.lastError}`;
}
