import { randomUUID } from 'node:crypto';
import { brokerFromEnvironment, SecretCanary } from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport, type RabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { afterAll, describe, expect, it } from 'vitest';
import { ManagementApi } from './support/management-api.js';
import { VHOST } from './support/rabbitmq-test-world.js';

const url = brokerFromEnvironment('RABBITMQ_URL', 'RabbitMQ secrets canary');
const managementUrl = brokerFromEnvironment(
  'RABBITMQ_MANAGEMENT_URL',
  'RabbitMQ secrets canary (management API)',
);

describe.runIf(url && managementUrl)('RabbitMQ credentials', () => {
  const canary = new SecretCanary(`canary-${randomUUID()}`);
  const user = `pm-canary-${randomUUID().slice(0, 8)}`;
  const management = () => new ManagementApi(managementUrl!);
  const withCredentials = (password: string, port?: number) => {
    const address = new URL(url!);
    address.username = user;
    address.password = password;
    if (port !== undefined) address.port = String(port);
    return address.toString();
  };
  const transports: RabbitMqTransport[] = [];
  const transport = (address: string | string[]) => {
    const created = createRabbitMqTransport({
      url: address,
      connectionName: `canary-${user}`,
      logger: canary.logger,
      initialConnectAttempts: 2,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    });
    transports.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.allSettled(transports.map((created) => created.close()));
    await management().deleteUser(user);
  });

  it('a password never shows in logs at debug level, errors, health or describe(), through failures and a reconnect', async () => {
    await management().createUser(VHOST, user, canary.secret);

    // Refused: the right user with a wrong password that is a canary too.
    const refused = transport(withCredentials(`${canary.secret}-wrong`));
    canary.see('connect error (refused)', await refused.connect().catch((error: unknown) => error));
    canary.see('health (refused)', refused.health());

    // Unreachable: nothing listens there.
    const unreachable = transport(withCredentials(canary.secret, 1));
    canary.see('connect error (unreachable)', await unreachable.connect().catch((error: unknown) => error));
    canary.see('health (unreachable)', unreachable.health());

    // Connected with the canary password, through a cut connection and a reconnect that tries a dead URL first.
    const working = transport([withCredentials(canary.secret), withCredentials(canary.secret, 1)]);
    await working.connect();
    canary.see('describe()', working.describe({ topics: [], endpoints: [] }));
    await management().closeConnectionsNamed(working.connectionName);
    // Any use waits through the reconnect (to the dead URL first, then the live one).
    canary.see('health (cut)', working.health());
    await working.provision({ topics: [], endpoints: [] });
    canary.see('health (connected)', working.health());

    expect(canary.looked).toBeGreaterThan(5);
    expect(canary.leaks()).toEqual([]);
  });
});
