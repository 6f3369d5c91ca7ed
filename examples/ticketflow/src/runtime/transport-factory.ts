import {
  type InMemoryBroker,
  InMemoryTransport,
  type Logger,
  type Transport,
} from '@pragmatic-messaging/core';
import { createAzureServiceBusTransport } from '@pragmatic-messaging/transport-asb';
import { createKafkaTransport } from '@pragmatic-messaging/transport-kafka';
import { createRabbitMqTransport } from '@pragmatic-messaging/transport-rabbitmq';
import type { ServiceName, TicketFlowConfig } from '../config/ticketflow-config.js';

/** Makes the transport of one bus of the process: a service's, or the web part's live feed. */
export type TransportFactory = (service: ServiceName | 'web') => Transport;

/** The transport a service uses, chosen by configuration: the only place that knows the brokers apart. */
export function createTransport(
  config: TicketFlowConfig,
  service: ServiceName | 'web',
  logger: Logger,
  broker: InMemoryBroker,
): Transport {
  const connectionName = `ticketflow-${service}-${config.instanceId}`;
  switch (config.transport) {
    case 'memory':
      return new InMemoryTransport({ broker });
    case 'rabbitmq':
      return createRabbitMqTransport({
        url: config.rabbitmqUrl!,
        connectionName,
        prefix: config.brokerPrefix,
        logger,
      });
    case 'kafka':
      return createKafkaTransport({
        brokers: config.kafkaBrokers!,
        clientId: connectionName,
        namingPrefix: config.brokerPrefix,
        // A member that went away without leaving (a killed instance, a consumer replaced during a broker outage)
        // holds up its group's next rebalance until its session times out: keep that short for a live demo.
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 1_000,
        logger,
      });
    case 'asb':
      return createAzureServiceBusTransport({
        connectionString: config.asbConnectionString!,
        namePrefix: config.brokerPrefix.replaceAll('.', '-'),
        logger,
      });
  }
}
