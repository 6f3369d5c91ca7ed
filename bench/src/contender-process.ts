import { CONTENDERS, type ContenderId, isContenderId } from './contender-catalogue.js';
import type { RunParams } from './figures.js';
import type { ChildReport, RunRequest } from './isolated-run.js';

// Entry point of the child process that runs one contender once, so every run starts from a fresh heap and JIT
// and measures memory of its own. It talks to the parent over the IPC channel only.

function report(message: ChildReport): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

async function runOnce(id: ContenderId, params: RunParams): Promise<void> {
  const run = await CONTENDERS[id]();
  let lastReport = 0;
  const figures = await run(params, (done) => {
    const now = Date.now();
    if (now - lastReport < 100 && done < params.messages) return;
    lastReport = now;
    void report({ kind: 'progress', done });
  });
  await report({ kind: 'result', figures });
}

process.once('message', (request: RunRequest) => {
  const failed = (error: unknown) =>
    report({
      kind: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }).then(() => process.exit(1));
  if (!isContenderId(request.contender)) {
    void failed(new Error(`Unknown contender "${request.contender}"`));
    return;
  }
  runOnce(request.contender, request.params).then(() => process.exit(0), failed);
});
