import { describeTransportConformance } from '@pragmatic-messaging/core/conformance';
import { InMemoryBroker, InMemoryTransport } from '../../src/index.js';

const broker = new InMemoryBroker();

describeTransportConformance({
  name: 'memory',
  createTransport: () => new InMemoryTransport({ broker }),
  lateDelayToleranceMs: 200,
});
