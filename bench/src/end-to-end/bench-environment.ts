import { randomUUID } from 'node:crypto';

/** A broker address from the environment (see `scripts/services.sh`), or a clear error naming the variable. */
export function requiredEnvironment(variable: 'RABBITMQ_URL' | 'KAFKA_BROKERS' | 'DATABASE_URL'): string {
  const value = process.env[variable]?.trim();
  if (!value) {
    throw new Error(
      `${variable} is not set: start the brokers with eval "$(bash scripts/services.sh up)" and run the benchmark again`,
    );
  }
  return value;
}

/** A fresh name per run, so runs never share queues, topics or schemas (brokers keep them between runs). */
export function runName(contender: string): string {
  return `bench-${contender}-${randomUUID().slice(0, 8)}`;
}
