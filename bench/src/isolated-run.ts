import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Figures, ProgressReporter, RunParams } from './figures.js';

export interface RunRequest {
  readonly contender: string;
  readonly params: RunParams;
}

export type ChildReport =
  | { readonly kind: 'progress'; readonly done: number }
  | { readonly kind: 'result'; readonly figures: Figures }
  | { readonly kind: 'error'; readonly message: string };

const CHILD = fileURLToPath(new URL('./contender-process.ts', import.meta.url));

import type { MeasuredCode } from './built-packages.js';

// The packages through their package.json exports (dist), or through the repository's paths (sources).
const TSCONFIG: Readonly<Record<MeasuredCode, string>> = {
  built: fileURLToPath(new URL('../tsconfig.run.json', import.meta.url)),
  sources: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
};

/** Extra Node flags for the children, e.g. `--cpu-prof --cpu-prof-dir=…` to profile one scenario. */
export interface IsolationOptions {
  readonly nodeFlags?: readonly string[];
  /** What the child loads of our packages (default: the sources). */
  readonly code?: MeasuredCode;
}

/** Runs one contender once in a fresh Node process (TypeScript through tsx) and returns what it measured. */
export function runIsolated(
  request: RunRequest,
  progress: ProgressReporter,
  options: IsolationOptions = {},
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      // --expose-gc lets the memory scenario measure retained memory; nobody else calls gc().
      execArgv: ['--import', 'tsx', '--expose-gc', ...(options.nodeFlags ?? [])],
      env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG[options.code ?? 'sources'] },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: Figures | Error | undefined;
    child.on('message', (message: ChildReport) => {
      if (message.kind === 'progress') progress(message.done);
      else if (message.kind === 'result') outcome = message.figures;
      else outcome = new Error(`Contender "${request.contender}" failed: ${message.message}`);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (outcome instanceof Error) return reject(outcome);
      if (outcome) return resolve(outcome);
      reject(
        new Error(
          `Contender "${request.contender}" exited (${signal ?? `code ${code}`}) without reporting a result`,
        ),
      );
    });
    child.send(request);
  });
}
