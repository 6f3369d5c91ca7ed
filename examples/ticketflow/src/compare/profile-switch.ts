import type { ReliabilityProfile } from '../config/reliability-profile.js';
import type { Deployment } from './deployment.js';

/** How long the services may take to restart with another profile and be ready again (Kafka's group joins). */
const SWITCH_LIMIT_MS = 120_000;

async function allReady(urls: readonly string[]): Promise<boolean> {
  const answers = await Promise.all(
    urls.map((url) =>
      fetch(url, { signal: AbortSignal.timeout(5_000) })
        .then((response) => response.status)
        .catch(() => 0),
    ),
  );
  return answers.every((status) => status === 200);
}

/**
 * Switch a running deployment to another reliability profile as the technical area does (`PUT
 * /api/system/features`: the services restart in place, data kept), then wait until every service instance says
 * it is ready again. Rejects with the reason when the switch fails or readiness does not come.
 */
export async function switchProfile(deployment: Deployment, profile: ReliabilityProfile): Promise<void> {
  const response = await fetch(`${deployment.url}/api/system/features`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ profile }),
    signal: AbortSignal.timeout(SWITCH_LIMIT_MS),
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(`the switch to ${profile} failed: ${answer.message ?? `HTTP ${response.status}`}`);
  }
  await untilReady(deployment, `after the switch to ${profile}`);
}

/** Resolves once every running service instance of the deployment answers ready. */
export async function untilReady(deployment: Deployment, when: string): Promise<void> {
  const limit = Date.now() + SWITCH_LIMIT_MS;
  while (!(await allReady(deployment.readinessUrls()))) {
    if (Date.now() > limit)
      throw new Error(`the services were not ready within ${SWITCH_LIMIT_MS} ms ${when}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
