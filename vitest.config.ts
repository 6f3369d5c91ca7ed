import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run against the TypeScript sources of every package, so no build is needed before `npm test`.
export const sourceAliases = [
  {
    find: /^@pragmatic-messaging\/core\/(.*)$/,
    replacement: src('./packages/messaging-core/src/entries/$1.ts'),
  },
  { find: /^@pragmatic-messaging\/core$/, replacement: src('./packages/messaging-core/src/index.ts') },
  {
    find: /^@pragmatic-messaging\/transport-rabbitmq$/,
    replacement: src('./packages/transport-rabbitmq/src/index.ts'),
  },
  {
    find: /^@pragmatic-messaging\/transport-kafka$/,
    replacement: src('./packages/transport-kafka/src/index.ts'),
  },
  {
    find: /^@pragmatic-messaging\/transport-asb$/,
    replacement: src('./packages/transport-asb/src/index.ts'),
  },
  // Test support only (not published): the Service Bus emulator the real SDK is tested against.
  {
    find: /^@pragmatic-messaging\/asb-emulator$/,
    replacement: src('./packages/asb-emulator/src/index.ts'),
  },
];

const testFiles = [
  'packages/*/test/**/*.test.ts',
  'examples/*/test/**/*.test.ts',
  'bench/test/**/*.test.ts',
  // Tests of the repository's own tooling (release plan…).
  'scripts/test/**/*.test.ts',
];
// Fault drills restart shared brokers and databases: they run alone, one file at a time, in a group of their own
// (its own `groupOrder`), so no other file runs while a broker is down. (vitest 4.1 runs that group after the
// suite's, whatever the numbers say; what matters is that the two never overlap.)
const faultDrills = ['**/*.fault.test.ts'];
// Stryker's sandboxes (`npm run mutation`; left behind when a run is interrupted) hold a copy of the repository:
// its fault drills would match the pattern above and run against the shared brokers a second time.
const notOurs = [...configDefaults.exclude, '.stryker-tmp/**', 'reports/**'];

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'faults',
          include: faultDrills,
          exclude: notOurs,
          fileParallelism: false,
          sequence: { groupOrder: 0 },
          // The clusters the cluster drills run on, started only when drills are queued (see the file).
          globalSetup: ['scripts/test-clusters.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'suite',
          include: testFiles,
          exclude: [...notOurs, ...faultDrills],
          sequence: { groupOrder: 1 },
          // Two files at a time: most of a broker test's time is waiting on the broker, so the second worker fills
          // it. Measured on 2 cores with every broker and both clusters up: 591 s against 1 053 s one at a time,
          // the files themselves 16 % slower. Every suite test names its queues, topics and groups per run, so two
          // files never share broker state.
          maxWorkers: 2,
        },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Brokers from the environment, else testcontainers where a Docker engine exists, else scripts/services.sh;
    // and Debian's Chromium for the browser suite when it is missing.
    globalSetup: ['scripts/test-brokers.ts', 'scripts/test-browser.ts'],
    reporters: ['default'],
  },
});
