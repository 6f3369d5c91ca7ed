// Verifies what we publish: every package passes publint and "are the types wrong", and the packed core
// installs into an empty folder where both `import` and `require` work. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packages = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name));
const run = (command, args, cwd = root) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

let failures = 0;
const check = (label, action) => {
  try {
    const output = action();
    console.log(`ok   ${label}`);
    return output;
  } catch (error) {
    failures++;
    console.log(
      `FAIL ${label}\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout || error.stderr ? '' : error.message}`,
    );
  }
};

for (const dir of packages) {
  const { name, private: isPrivate } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // Test support (the Service Bus emulator) is never published.
  if (isPrivate) continue;
  const built = check(`${name} is built (dist/index.js, dist/index.cjs)`, () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      if (!existsSync(join(dir, file))) throw new Error(`${file} is missing: run npm run build first`);
    }
    return true;
  });
  if (!built) continue;
  check(`publint ${name}`, () => {
    const output = run('npx', ['publint', '--strict', dir]);
    if (/error|warning/i.test(output) && !/All good/i.test(output))
      throw Object.assign(new Error(output), { stdout: output });
    return output;
  });
  check(`attw ${name}`, () =>
    run('npx', ['attw', '--pack', dir, '--profile', 'node16', '--format', 'table-flipped']),
  );
}

const scratch = mkdtempSync(join(tmpdir(), 'pm-pack-'));
try {
  const tarball = check('npm pack @pragmatic-messaging/core', () =>
    run(
      'npm',
      ['pack', '--silent', '--pack-destination', scratch],
      join(root, 'packages/messaging-core'),
    ).trim(),
  );
  if (tarball) {
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'smoke', private: true }));
    check('install the packed core into an empty folder', () =>
      run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(scratch, tarball)], scratch),
    );
    const probe = `const contract = m.defineMessage({ type: 'smoke.ping', topic: 'smoke', schema: { '~standard': { version: 1, vendor: 'smoke', validate: (value) => ({ value }) } } });
      const bus = m.createMessaging({ service: 'smoke', transport: m.createInMemoryTransport() });
      let got; bus.endpoint('smoke').on(contract, (message) => { got = message; });
      bus.start().then(() => bus.publish(contract, { hello: 'world' })).then(() => new Promise((r) => setTimeout(r, 20)))
        .then(() => bus.stop()).then(() => { if (got?.hello !== 'world') { console.error('no message'); process.exit(1); } });`;
    check('require() the packed core and send a message', () =>
      run('node', ['-e', `const m = require('@pragmatic-messaging/core'); ${probe}`], scratch),
    );
    check('import the packed core and send a message', () =>
      run(
        'node',
        ['--input-type=module', '-e', `import * as m from '@pragmatic-messaging/core'; ${probe}`],
        scratch,
      ),
    );
    check('import the conformance and testing subpaths', () =>
      run(
        'node',
        [
          '--input-type=module',
          '-e',
          "import('@pragmatic-messaging/core/testing').then((t) => { if (!t.brokerFromEnvironment) process.exit(1); })",
        ],
        scratch,
      ),
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (failures > 0) {
  console.log(`\n${failures} package check(s) failed`);
  process.exit(1);
}
console.log('\nAll package checks passed');
