import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import type pg from 'pg';
import type { StartTicketFlowOptions } from '../../src/embedded.js';

/** The brokers a TicketFlow fault drill runs on, with the service of scripts/services.sh that runs each. */
export function drillBrokers(drill: string) {
  return [
    { transport: 'rabbitmq', service: 'rabbitmq', url: brokerFromEnvironment('RABBITMQ_URL', drill) },
    { transport: 'kafka', service: 'kafka', url: brokerFromEnvironment('KAFKA_BROKERS', drill) },
  ] as const;
}

export type DrillBroker = ReturnType<typeof drillBrokers>[number];

/**
 * A database of its own for one drill, on the server of `databaseUrl`, and TicketFlow's options for it: every
 * service on the broker (own prefix), no web, quiet unless PM_TEST_LOG says otherwise. `drop` removes the database.
 */
export async function drillDatabase(admin: pg.Pool, databaseUrl: string, broker: DrillBroker) {
  const database = `tf_drill_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  const options: StartTicketFlowOptions = {
    port: 0,
    transport: broker.transport,
    ...(broker.transport === 'rabbitmq'
      ? { rabbitmqUrl: broker.url }
      : { kafkaBrokers: broker.url!.split(',') }),
    brokerPrefix: `tfd${randomUUID().slice(0, 6)}.`,
    databaseUrl: url.toString(),
    dataDir: undefined,
    web: false,
    logLevel: (process.env.PM_TEST_LOG as 'silent' | undefined) ?? 'silent',
  };
  return {
    url: url.toString(),
    options,
    drop: () => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).then(() => {}),
  };
}
