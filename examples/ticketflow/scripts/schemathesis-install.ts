import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The schemathesis the fuzzing is pinned to (4.x; installs and runs on Python 3.10+). */
export const SCHEMATHESIS_VERSION = '4.32.5';

/** No Python 3.10+ on this machine: the fuzzing cannot run (the test skips on this error only). */
export class PythonMissingError extends Error {}

/**
 * Where the project keeps its virtualenv of schemathesis: outside the repository, shared by every clone and
 * worktree, one folder per pinned version (`PM_CACHE_DIR` or `$XDG_CACHE_HOME/pragmatic-messaging`).
 */
export function schemathesisHome(env: NodeJS.ProcessEnv = process.env): string {
  const cache =
    env.PM_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pragmatic-messaging');
  return join(cache, `schemathesis-${SCHEMATHESIS_VERSION}`);
}

/**
 * The schemathesis executable, installed from PyPI into the project's virtualenv on first use (about 30 s; later
 * calls only check the marker). A half-done install (interrupted pip) has no marker and is redone from scratch.
 */
export async function installSchemathesis(log: (line: string) => void = () => {}): Promise<string> {
  const home = schemathesisHome();
  const executable = join(home, 'bin', 'schemathesis');
  const marker = join(home, '.installed');
  if (existsSync(marker) && existsSync(executable)) return executable;
  const python = await findPython();
  log(`Installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${home} (once)…`);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  try {
    await run(python, ['-m', 'venv', home]);
  } catch (error) {
    throw new Error(
      `${python} -m venv ${home} failed (on Debian: apt-get install python3-venv): ${stderrOf(error)}`,
    );
  }
  try {
    await run(
      join(home, 'bin', 'pip'),
      ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    throw new Error(`pip install schemathesis==${SCHEMATHESIS_VERSION} failed: ${stderrOf(error)}`);
  }
  writeFileSync(marker, `${SCHEMATHESIS_VERSION}\n`);
  return executable;
}

/** The first of python3 / python that is Python 3.10 or newer. */
async function findPython(): Promise<string> {
  const seen: string[] = [];
  for (const candidate of ['python3', 'python']) {
    try {
      const { stdout, stderr } = await run(candidate, ['--version']);
      const version = `${stdout}${stderr}`.trim();
      seen.push(`${candidate}: ${version}`);
      const [, major, minor] = /Python (\d+)\.(\d+)/.exec(version) ?? [];
      if (Number(major) === 3 && Number(minor) >= 10) return candidate;
    } catch {
      seen.push(`${candidate}: not found`);
    }
  }
  throw new PythonMissingError(`schemathesis needs Python 3.10 or newer (${seen.join('; ')})`);
}

function stderrOf(error: unknown): string {
  const { stderr, message } = error as { stderr?: string; message: string };
  return (stderr?.trim() || message).slice(-2_000);
}
