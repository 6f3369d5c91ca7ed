import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/ticketflow-config.js';
import { parseInstanceCounts } from '../../src/supervisor/instance-counts.js';
import { planProcesses, servicePortCount } from '../../src/supervisor/process-plan.js';

const config = (databaseUrl?: string) =>
  loadConfig(
    { RABBITMQ_URL: 'amqp://localhost', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    {
      transport: 'rabbitmq',
      profile: 'naive',
    },
  );

describe('the processes of start all', () => {
  it('runs one process per service instance plus web, each told where the first instance of every service listens', () => {
    const instances = parseInstanceCounts('tickets=2,sla=2');
    expect(servicePortCount(instances)).toBe(8);
    const plan = planProcesses({
      config: config('postgres://localhost/tf'),
      instances,
      webPort: 21000,
      ports: [1, 2, 3, 4, 5, 6, 7, 8],
      fresh: false,
    });
    expect(plan.map((process) => `${process.label}:${process.port}`)).toEqual([
      'inquiries#1:1',
      'translations#1:2',
      'tickets#1:3',
      'tickets#2:4',
      'sla#1:5',
      'sla#2:6',
      'communication#1:7',
      'metrics#1:8',
      'web:21000',
    ]);
    const web = plan.at(-1)!;
    expect(web.args.slice(0, 4)).toEqual(['start', 'web', '--port', '21000']);
    expect(web.args).toContain('tickets=http://localhost:3');
    expect(web.args).not.toContain('tickets=http://localhost:4');
    // Every process gets the resolved configuration, so the naive profile holds in all of them.
    expect(plan.every((process) => process.env.TICKETFLOW_OUTBOX === 'off')).toBe(true);
    expect(plan.every((process) => process.env.DATABASE_URL === 'postgres://localhost/tf')).toBe(true);
  });

  it('gives each service its own PGlite folder without PostgreSQL, and refuses instances that would need to share one', () => {
    const plan = planProcesses({
      config: config(),
      instances: parseInstanceCounts(undefined),
      webPort: 0,
      ports: [1, 2, 3, 4, 5, 6],
      fresh: true,
    });
    expect(plan.find((process) => process.role === 'sla')!.env.TICKETFLOW_DATA_DIR).toBe(
      '.data/ticketflow-sla',
    );
    expect(plan.find((process) => process.role === 'sla')!.args).toContain('--fresh');
    expect(() =>
      planProcesses({
        config: config(),
        instances: parseInstanceCounts('tickets=2'),
        webPort: 0,
        ports: [1, 2, 3, 4, 5, 6, 7],
        fresh: false,
      }),
    ).toThrow(/--instances tickets: .*set DATABASE_URL/);
  });

  it('rejects an instance count that is not a service=count pair', () => {
    expect(() => parseInstanceCounts('tickets=0')).toThrow(/--instances takes service=count/);
    expect(() => parseInstanceCounts('billing=2')).toThrow(/--instances takes service=count/);
    expect(() => parseInstanceCounts('tickets=99')).toThrow(/at most 8/);
  });
});
