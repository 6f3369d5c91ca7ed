import type { CreateSubscriptionOptions, ServiceBusMessage } from '@azure/service-bus';
import { type NamespaceDoubleOptions, ServiceBusNamespaceDouble } from './service-bus-namespace-double.js';

/** A namespace with one topic, and helpers to add subscriptions and send, for the double's own tests. */
export async function doubleWithTopic(options: NamespaceDoubleOptions = {}) {
  const namespace = new ServiceBusNamespaceDouble(options);
  const administration = namespace.createAdministrationClient();
  const client = namespace.createClient({ retryOptions: { retryDelayInMs: 20, maxRetries: 3 } });
  await administration.createTopic('orders');
  const sender = client.createSender('orders');
  return {
    namespace,
    administration,
    client,
    sender,
    subscribe: (name: string, settings: CreateSubscriptionOptions = {}) =>
      administration.createSubscription('orders', name, settings),
    send: (...messages: ServiceBusMessage[]) => sender.sendMessages(messages),
  };
}

export function message(subject: string, fields: Partial<ServiceBusMessage> = {}): ServiceBusMessage {
  return {
    body: Buffer.from(JSON.stringify({ subject })),
    subject,
    messageId: `${subject}-${Math.random()}`,
    ...fields,
  };
}
