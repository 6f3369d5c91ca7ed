import { execFile } from 'node:child_process';
import { setTimeout as pause } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const servicesScript = fileURLToPath(new URL('../services.sh', import.meta.url));

type Service = 'rabbitmq' | 'kafka' | 'postgres';

/**
 * Stops a broker or database of scripts/services.sh and starts it again with its data, as an operator's restart
 * would; resolves once it answers again. For fault drills, which run alone (see vitest.config.ts).
 */
export function restartService(name: Service): Promise<void> {
  return services('restart', name);
}

/** Stops a broker or database of scripts/services.sh (its data is kept); resolves once it is stopped. */
export function stopService(name: Service): Promise<void> {
  return services('down', name);
}

/** Starts a broker or database of scripts/services.sh again; resolves once it answers. */
export function startService(name: Service): Promise<void> {
  return services('start', name);
}

function services(action: 'restart' | 'down' | 'start', name: Service): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [servicesScript, action, name], { timeout: 420_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`services.sh ${action} ${name} failed: ${error.message}\n${stderr}`));
      else resolve();
    });
  });
}

/** A node of the clusters of scripts/services.sh (`up --cluster`). */
export type ClusterNode = `rabbitmq-${1 | 2 | 3}` | `kafka-${1 | 2 | 3}`;

/**
 * Stops or starts one cluster node, keeping its data (`services.sh node stop|start <node>`); resolves once it is
 * stopped, or once it answers again. For fault drills, which run alone (see vitest.config.ts).
 */
export function clusterNode(action: 'stop' | 'start', node: ClusterNode): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [servicesScript, 'node', action, node],
      { timeout: 180_000 },
      (error, _stdout, stderr) => {
        if (error)
          reject(new Error(`services.sh node ${action} ${node} failed: ${error.message}\n${stderr}`));
        else resolve();
      },
    );
  });
}

/** Runs `rabbitmqctl` against one node of the RabbitMQ cluster (alarms, for instance); resolves to its output. */
export function rabbitmqClusterCtl(node: `rabbitmq-${1 | 2 | 3}`, args: readonly string[]): Promise<string> {
  const erlangName = clusterErlangName(node);
  return new Promise((resolve, reject) => {
    execFile(
      'rabbitmqctl',
      ['-q', '-n', erlangName, ...args],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`rabbitmqctl ${args.join(' ')} on ${erlangName} failed: ${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** `rabbitmq-2` → `rabbit-2@<host>`, from RABBITMQ_CLUSTER_NODE_NAMES (services.sh env). */
export function clusterErlangName(node: `rabbitmq-${1 | 2 | 3}`): string {
  const names = Object.fromEntries(
    (process.env.RABBITMQ_CLUSTER_NODE_NAMES ?? '')
      .split(',')
      .map((pair) => pair.split('=') as [string, string]),
  );
  const name = names[node];
  if (!name)
    throw new Error(`RABBITMQ_CLUSTER_NODE_NAMES does not name ${node}: run services.sh env --cluster`);
  return name;
}

/** `rabbit-2@<host>` → `rabbitmq-2`. */
export function clusterNodeOfErlangName(erlangName: string): `rabbitmq-${1 | 2 | 3}` {
  const match = /^rabbit-([123])@/.exec(erlangName);
  if (!match) throw new Error(`${erlangName} is not a node of the RabbitMQ cluster`);
  return `rabbitmq-${match[1] as '1' | '2' | '3'}`;
}

/**
 * Resolves once `progress()` (a count in the database, polled) has grown by `by` from what it was at the call,
 * bounded by `timeoutMs`: e.g. a drill keeps a node down until the others have handled that many more orders.
 */
export async function untilProgress(
  progress: () => Promise<number>,
  by: number,
  timeoutMs: number,
): Promise<number> {
  const start = await progress();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await progress();
    if (now - start >= by) return now - start;
    if (Date.now() > deadline)
      throw new Error(`No progress of ${by} within ${timeoutMs}ms (only ${now - start})`);
    await pause(100);
  }
}

/**
 * How many orders a long drill sends: `full` (the 10 000) locally, a share of it in CI so that the faults
 * project stays within its few minutes there, or PM_DRILL_ORDERS when set (e.g. PM_DRILL_ORDERS=10000 in CI).
 */
export function drillOrders(full: number): number {
  const set = Number(process.env.PM_DRILL_ORDERS);
  if (Number.isInteger(set) && set > 0) return set;
  return process.env.CI === 'true' ? Math.round(full * CI_SHARE) : full;
}

const CI_SHARE = 0.3;
