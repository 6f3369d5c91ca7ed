import type { ReliabilityFeatures } from '../config/reliability-profile.js';
import type { ProcessReport } from '../supervisor/process-report.js';

/** How long one service process may take to restart its services with other features. */
const RESTART_LIMIT_MS = 120_000;

async function reconfigureOne(process: ProcessReport, features: ReliabilityFeatures): Promise<void> {
  const response = await fetch(`${process.url}/api/system/features`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ features }),
    signal: AbortSignal.timeout(RESTART_LIMIT_MS),
  }).catch((error: Error) => {
    throw new Error(`${process.label} is unreachable: ${error.message}`);
  });
  if (!response.ok) {
    const answer = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(`${process.label}: ${answer.message ?? `HTTP ${response.status}`}`);
  }
}

/**
 * The reliability switches of a distributed TicketFlow: every running service process of `start all` restarts
 * its services with the new features (each one as it does alone). First instances together, then the further
 * ones: two instances of a service migrating its schema at once collide in PostgreSQL's catalogue.
 */
export async function reconfigureProcesses(
  processes: readonly ProcessReport[],
  features: ReliabilityFeatures,
): Promise<void> {
  const services = processes.filter((process) => process.role !== 'web' && process.state === 'running');
  if (services.length === 0) throw new Error('no service process is running');
  const failures: string[] = [];
  const rounds = [...new Set(services.map((process) => process.instance))].sort((a, b) => a - b);
  for (const instance of rounds) {
    const round = services.filter((process) => process.instance === instance);
    const settled = await Promise.allSettled(round.map((process) => reconfigureOne(process, features)));
    for (const outcome of settled) if (outcome.status === 'rejected') failures.push(outcome.reason.message);
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
}
