import { defineConfig } from 'vitest/config';
import { sourceAliases } from './vitest.config.js';

// The tests Stryker runs against every mutant of core's reliability code (`npm run mutation`): core's own tests
// that need no broker, no database server and no browser. No global setup, so nothing is started; the variables
// below are blanked so the suites that would use a broker or PostgreSQL skip (and never touch the shared ones).
export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: ['packages/messaging-core/test/**/*.test.ts'],
    exclude: ['**/*.fault.test.ts'],
    env: {
      RABBITMQ_URL: '',
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
      ASB_EMULATOR_CONNECTION_STRING: '',
      TEST_BROKERS: 'none',
      TEST_BROWSER: 'none',
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
