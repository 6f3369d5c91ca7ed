import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import type { TestSpecification } from 'vitest/node';
import { BaseSequencer } from 'vitest/node';
import { sourceAliases } from './vitest.config.js';

/**
 * Quickest test files first. Stryker stops a mutant's run at its first failing test, so the quick unit tests
 * should get the first chance to kill it (vitest's own order runs the slowest first).
 */
class QuickestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const cost = (file: TestSpecification) => {
      const key = `${file.project.name}:${relative(config.root, file.moduleId)}`;
      return cache.getFileTestResults(key)?.duration ?? cache.getFileStats(key)?.size ?? 0;
    };
    return [...files].sort((a, b) => cost(a) - cost(b));
  }
}

// The tests Stryker runs against every mutant of core's reliability code (`npm run mutation`): core's own tests
// that need no broker, no database server and no browser. No global setup, so nothing is started; the variables
// below are blanked so the suites that would use a broker or PostgreSQL skip (and never touch the shared ones),
// also where CI=true would make them fail instead. PGlite is left out too (its cold start per re-run test file).
// MUTATION_TESTS narrows the tests: `focused` is the one-situation-per-file tests written for the mutated code
// (fake timers, about 50 s for all of them), or comma-separated globs. A survivor otherwise re-runs every slow bus
// test that merely passes through the mutated file; the score the focused tests reach is a lower bound of the
// whole suite's.
const FOCUSED = [
  'reliability/the-*',
  'reliability/a-*',
  'reliability/with-*',
  'reliability/ctx-*',
  'bus/a-*',
  'bus/start-*',
  'health/*',
  'lifecycle/*',
  'stores/*',
].map((files) => `packages/messaging-core/test/${files}.test.ts`);
const chosen = process.env.MUTATION_TESTS;
const focused = chosen === 'focused' ? FOCUSED : chosen?.split(',').filter(Boolean);

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: focused?.length ? focused : ['packages/messaging-core/test/**/*.test.ts'],
    exclude: ['**/*.fault.test.ts'],
    env: {
      RABBITMQ_URL: '',
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
      ASB_EMULATOR_CONNECTION_STRING: '',
      CI: '',
      TEST_BROKERS: 'none',
      TEST_BROWSER: 'none',
      TEST_PGLITE: 'none',
    },
    sequence: { sequencer: QuickestFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
