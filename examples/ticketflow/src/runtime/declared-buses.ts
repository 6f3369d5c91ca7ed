import {
  asyncApiDocument,
  createMemoryStore,
  createMessaging,
  FaultRegistry,
  InMemoryBroker,
  type Messaging,
  silentLogger,
} from '@pragmatic-messaging/core';
import { retryPolicyOf } from '../config/reliability-profile.js';
import { SERVICE_NAMES, type ServiceName, type TicketFlowConfig } from '../config/ticketflow-config.js';
import { DEFAULT_SERVICES } from '../services/service-registry.js';
import { createLiveFeedBus } from '../web/live-feed.js';
import { configureAnomalySync } from './anomalies.js';
import { HOST_PUBLISHES } from './service-host.js';
import { createTransport } from './transport-factory.js';

/**
 * A service's bus as its host declares it (contracts, endpoints, retry policy, on the configured transport), built
 * but never started: nothing connects, no handler or route runs. For `ticketflow topology`, `ticketflow asyncapi`
 * and the web's AsyncAPI document, which need no running service.
 */
export function declaredServiceBus(name: ServiceName, config: TicketFlowConfig): Messaging {
  const module = DEFAULT_SERVICES[name]();
  const messaging = createMessaging({
    service: name,
    transport: createTransport(config, name, silentLogger, new InMemoryBroker()),
    publishes: [...module.publishes, ...HOST_PUBLISHES],
    retry: retryPolicyOf(config.features, config.timing.retryDelaysMs),
  });
  const context = {
    name,
    config,
    features: config.features,
    messaging,
    // Stand-ins for what a running service opens; only the declarations are read.
    store: createMemoryStore(),
    faults: new FaultRegistry(),
    logger: silentLogger,
    query: async () => [],
  };
  module.configure(context);
  configureAnomalySync(context);
  return messaging;
}

/** The AsyncAPI 3.0 document of the whole system: every service's bus and the web's live feed, merged. */
export function ticketFlowAsyncApi(config: TicketFlowConfig) {
  const buses = [
    ...SERVICE_NAMES.map((name) => declaredServiceBus(name, config)),
    createLiveFeedBus(
      config,
      silentLogger,
      createTransport(config, 'web', silentLogger, new InMemoryBroker()),
      () => {},
    ),
  ];
  return asyncApiDocument(buses, {
    title: 'TicketFlow',
    version: '1.0.0',
    description: `The messages of TicketFlow's services (${SERVICE_NAMES.join(', ')}) and of its web live feed, on the ${config.transport} transport. Generated from the services' contracts and endpoints by Pragmatic Messaging; per-instance endpoints carry this process's instance id.`,
  });
}
