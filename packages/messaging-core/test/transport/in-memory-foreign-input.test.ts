import { describeForeignInputConformance } from '@pragmatic-messaging/core/conformance';
import type { MessageHeaders } from '../../src/index.js';
import { InMemoryBroker, InMemoryTransport } from '../../src/index.js';

const broker = new InMemoryBroker();

// The in-memory broker has no client of its own: a "foreign producer" puts an envelope straight into the
// endpoint's queue, header values as they come.
describeForeignInputConformance({
  name: 'memory',
  createTransport: ({ maxMessageBytes }) => new InMemoryTransport({ broker, maxMessageBytes }),
  publishForeign: async ({ topic, endpoint }, message) => {
    const headers = { ...message.headers } as unknown as MessageHeaders;
    if (message.contentType !== undefined) Object.assign(headers, { 'content-type': message.contentType });
    broker.sendToEndpoint(endpoint, {
      id: message.id ?? '',
      type: message.type ?? '',
      topic,
      headers,
      body: message.body,
      timestamp: Date.now(),
    });
  },
});
