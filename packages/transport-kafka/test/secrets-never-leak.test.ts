import { brokerFromEnvironment, SecretCanary } from '@pragmatic-messaging/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { KafkaTransport } from '../src/index.js';
import { createTestKafkaTransport } from './kafka-test-transport.js';

// The SASL/PLAIN listeners of the Kafka cluster (services.sh up --cluster); its password is a canary.
const brokers = brokerFromEnvironment('KAFKA_CLUSTER_SASL_BROKERS', 'Kafka SASL secrets canary');
const username = brokerFromEnvironment('KAFKA_CLUSTER_SASL_USERNAME', 'Kafka SASL secrets canary');
const password = brokerFromEnvironment('KAFKA_CLUSTER_SASL_PASSWORD', 'Kafka SASL secrets canary');

describe.runIf(brokers && username && password)('Kafka SASL credentials', () => {
  const canary = new SecretCanary(password!);
  const transports: KafkaTransport[] = [];
  const transport = (secret: string, addresses = brokers!) => {
    const created = createTestKafkaTransport(addresses, {
      sasl: { mechanism: 'plain', username: username!, password: secret },
      logger: canary.logger,
      connectionTimeoutMs: 1_000,
    });
    transports.push(created);
    return created;
  };
  afterAll(() => Promise.allSettled(transports.map((created) => created.close())));

  it('a SASL password never shows in logs at debug level, errors, health or describe(), through failures and a reconnect', async () => {
    // Refused: the right user with a wrong password that holds the canary.
    const refused = transport(`${canary.secret}-wrong`);
    canary.see('connect error (refused)', await refused.connect().catch((error: unknown) => error));
    canary.see('health (refused)', refused.health());

    // Unreachable: nothing listens there.
    const unreachable = transport(canary.secret, '127.0.0.1:1');
    canary.see('connect error (unreachable)', await unreachable.connect().catch((error: unknown) => error));
    canary.see('health (unreachable)', unreachable.health());

    // Authenticated, then every connection cut: the client authenticates again.
    const working = transport(canary.secret);
    await working.connect();
    canary.see('describe()', working.describe({ topics: [], endpoints: [] }));
    await working.simulateConnectionLoss();
    canary.see('health (connections cut)', working.health());
    await working.provision({ topics: [], endpoints: [] });
    canary.see('health (connected)', working.health());

    expect(canary.looked).toBeGreaterThan(5);
    expect(canary.leaks()).toEqual([]);
  });
});
