import { expect, it } from 'vitest';
import { restartService } from '../../../../scripts/test-support/service-drill.js';
import { brokerFromEnvironment, describeOutageDrill, runOutageDrill } from '../../src/entries/testing.js';
import { InMemoryBroker, InMemoryTransport } from '../../src/index.js';

const databaseUrl = brokerFromEnvironment('DATABASE_URL', 'PostgreSQL restart drill');

it.runIf(databaseUrl)(
  'a PostgreSQL restart mid-flow loses nothing: commits are refused meanwhile, every committed order is handled once',
  async () => {
    // The broker is in-process, so the outage is the database's alone: outbox, relay, inbox and handler all lose it.
    const broker = new InMemoryBroker();
    const report = await runOutageDrill({
      name: 'PostgreSQL restart',
      createTransport: () => new InMemoryTransport({ broker }),
      databaseUrl: databaseUrl!,
      outage: () => restartService('postgres'),
    });
    process.stdout.write(`\n[fault drill] ${describeOutageDrill(report)}\n`);

    expect(report).toMatchObject({ lost: 0, duplicated: 0, phantom: 0, unsent: 0, busStopped: false });
    expect(report.committed).toBe(300);
    expect(report.refusedCommits).toBeGreaterThan(0);
    expect(report.notReady.producer.ms).toBeGreaterThan(0);
    expect(report.readyAgainAfterMs).toBeLessThan(30_000);
    expect(report.drainedAfterMs).toBeLessThan(30_000);
  },
  240_000,
);
