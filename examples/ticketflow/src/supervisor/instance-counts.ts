import { ConfigError, SERVICE_NAMES, type ServiceName } from '../config/ticketflow-config.js';

export type InstanceCounts = Readonly<Record<ServiceName, number>>;

const MAX_INSTANCES = 8;

/** `tickets=2,sla=2` → how many processes each service gets (1 unless named). */
export function parseInstanceCounts(value: string | undefined): InstanceCounts {
  const counts = Object.fromEntries(SERVICE_NAMES.map((name) => [name, 1])) as Record<ServiceName, number>;
  if (!value) return counts;
  for (const item of value.split(',')) {
    const [name, count] = item.split('=');
    const parsed = Number(count);
    if (!SERVICE_NAMES.includes(name as ServiceName) || !Number.isInteger(parsed) || parsed < 1) {
      throw new ConfigError(
        `--instances takes service=count with service one of ${SERVICE_NAMES.join(', ')} and a count ≥ 1; got "${item}"`,
      );
    }
    if (parsed > MAX_INSTANCES) {
      throw new ConfigError(`--instances: at most ${MAX_INSTANCES} instances of a service; got "${item}"`);
    }
    counts[name as ServiceName] = parsed;
  }
  return counts;
}
