import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The packages the contenders import, as users install them. */
const MEASURED = [
  { name: '@pragmatic-messaging/core', folder: 'packages/messaging-core' },
  { name: '@pragmatic-messaging/transport-rabbitmq', folder: 'packages/transport-rabbitmq' },
  { name: '@pragmatic-messaging/transport-kafka', folder: 'packages/transport-kafka' },
] as const;

/**
 * What the contenders' processes load: `built` is each package's dist (what users run); `sources` is the
 * TypeScript through tsx, whose esbuild wraps every function it creates in a `__name` call and so costs closures
 * more than a build does (≈ 15 % CPU per message on core's pipelines, measured).
 */
export type MeasuredCode = 'built' | 'sources';

function newestIn(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(folder: string): boolean {
  const built = path.join(ROOT, folder, 'dist', 'index.js');
  if (!existsSync(built)) return true;
  return newestIn(path.join(ROOT, folder, 'src')) > statSync(built).mtimeMs;
}

/** `built` when every measured package's dist is up to date with its sources, else `sources`. */
export function measuredCode(): MeasuredCode {
  return MEASURED.some(({ folder }) => isStale(folder)) ? 'sources' : 'built';
}

/** Builds the measured packages whose dist is missing or older than their sources (the bench command does). */
export function buildStalePackages(print: (text: string) => void): void {
  for (const { name, folder } of MEASURED) {
    if (!isStale(folder)) continue;
    print(
      `Building ${name}: the bench measures the built package, as users install it, and its dist is stale.`,
    );
    execFileSync('npm', ['run', 'build', '--silent', '-w', name], { cwd: ROOT, stdio: 'ignore' });
  }
}
