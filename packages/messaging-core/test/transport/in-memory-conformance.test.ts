import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { InMemoryBroker, InMemoryTransport } from '../../src/index.js';

const broker = new InMemoryBroker();

describeTransportConformance({
  name: 'memory',
  createTransport: () => new InMemoryTransport({ broker }),
  cutConnection: (transport) => (transport as InMemoryTransport).simulateConnectionLoss(),
  lateDelayToleranceMs: 200,
});
