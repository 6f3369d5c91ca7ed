import type { TransportTelemetry } from '@pragmatic-messaging/core';

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'amqp:': 5672, 'amqps:': 5671 };

/**
 * RabbitMQ in the OpenTelemetry messaging conventions: the broker of the first url (never its credentials), and
 * the routing key of every publish — the message type, which the topic exchange routes by.
 */
export function rabbitMqTelemetry(url: string): TransportTelemetry {
  const { hostname, port, protocol } = new URL(url);
  return {
    system: 'rabbitmq',
    attributes: {
      'server.address': hostname,
      'server.port': Number(port) || DEFAULT_PORTS[protocol] || 5672,
    },
    publishAttributes: (message) => ({ 'rabbitmq.destination.routing_key': message.type }),
  };
}
