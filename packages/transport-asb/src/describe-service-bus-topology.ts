import type { Topology } from '@pragmatic-messaging/core';
import { subscriptionPlans } from './provisioner.js';
import type { EntityNames } from './resource-names.js';

/** What `provision` creates on the namespace, for humans. */
export function describeServiceBusTopology(topology: Topology, names: EntityNames): string {
  const lines = ['Azure Service Bus:'];
  const topics = new Set(topology.topics.map((topic) => topic.name));
  for (const endpoint of topology.endpoints) {
    for (const subscription of endpoint.subscriptions) topics.add(subscription.topic);
  }
  for (const topic of topics) lines.push(`  topic ${names.topic(topic)}`);
  for (const endpoint of topology.endpoints) {
    for (const plan of subscriptionPlans(endpoint, names)) {
      const sessions = plan.requiresSession ? 'sessions (session id = message key)' : 'no sessions';
      lines.push(
        `  subscription ${plan.topicEntity}/Subscriptions/${plan.subscriptionEntity}  [${sessions}]`,
      );
      for (const [rule, filter] of plan.rules) {
        const match = filter.subject ? `subject = ${filter.subject}` : `to = ${filter.to} (retries, replays)`;
        lines.push(`    rule ${rule}: ${match}`);
      }
      lines.push(
        `    dead letters: ${plan.topicEntity}/Subscriptions/${plan.subscriptionEntity}/$DeadLetterQueue; ` +
          'delayed retries: scheduled messages',
      );
    }
  }
  return lines.join('\n');
}
