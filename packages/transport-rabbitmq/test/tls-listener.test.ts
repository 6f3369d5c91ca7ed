import { readFileSync } from 'node:fs';
import { brokerFromEnvironment } from '@pragmatic-messaging/core/testing';
import { createRabbitMqTransport, type RabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import { afterEach, describe, expect, it } from 'vitest';

// Node 1 of the RabbitMQ cluster (services.sh up --cluster) listens for AMQP over TLS with a certificate that
// services.sh generated, signed by its own CA.
const tlsUrl = brokerFromEnvironment('RABBITMQ_CLUSTER_TLS_URL', 'RabbitMQ TLS listener');
const caFile = brokerFromEnvironment('RABBITMQ_CLUSTER_CA_FILE', 'RabbitMQ TLS listener (CA)');

describe.runIf(tlsUrl && caFile)('RabbitMQ over TLS (amqps://)', () => {
  const transports: RabbitMqTransport[] = [];
  afterEach(async () => {
    await Promise.allSettled(transports.map((transport) => transport.close()));
    transports.length = 0;
  });

  it('connects with the CA given in `tls`', async () => {
    const transport = createRabbitMqTransport({ url: tlsUrl!, tls: { ca: readFileSync(caFile!, 'utf8') } });
    transports.push(transport);
    await transport.connect();
    await transport.provision({ topics: [], endpoints: [] });
    expect(transport.health().status).toBe('connected');
  });

  it('refuses a server certificate it cannot verify, saying so', async () => {
    const transport = createRabbitMqTransport({ url: tlsUrl!, initialConnectAttempts: 1 });
    transports.push(transport);
    await expect(transport.connect()).rejects.toThrow(/certificate/i);
  });
});
