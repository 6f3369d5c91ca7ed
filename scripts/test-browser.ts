// vitest global setup: Debian's Chromium for TicketFlow's browser tests (playwright-core never downloads one).
//
// CI installs it in .ci/run; here `npm test` on a fresh machine installs it the same way, so the README's one test
// command runs the browser suite too. TEST_BROWSER=none leaves it alone (the browser suite then skips, or fails
// in CI).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';

export function setup(): void {
  if (existsSync(CHROMIUM) || process.env.TEST_BROWSER === 'none' || process.platform !== 'linux') return;
  const script = fileURLToPath(new URL('./install-browser.sh', import.meta.url));
  process.stderr.write(`[test-browser] ${CHROMIUM} is missing; installing it with ${script}\n`);
  const result = spawnSync('bash', [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(
      `[test-browser] installing Chromium failed (exit ${result.status}); the browser suite will skip\n`,
    );
  }
}
