import type {
  CorrelationRuleFilter,
  CreateSubscriptionOptions,
  CreateTopicOptions,
  SqlRuleFilter,
} from '@azure/service-bus';
import {
  ConfigurationError,
  type EndpointTopology,
  type Logger,
  type Topology,
} from '@pragmatic-messaging/core';
import {
  type ResolvedTransportSettings,
  STANDARD_TIER_MAX_MESSAGE_BYTES,
} from './azure-service-bus-transport-options.js';
import { isoDuration } from './iso-duration.js';
import { DIRECT_RULE_NAME, type EntityNames, subscriptionAddress } from './resource-names.js';
import { isAlreadyExists, isNotFound } from './service-bus-errors.js';
import type { ServiceBusAdministrationSurface } from './service-bus-surface.js';

// Temporary endpoints: Service Bus deletes an idle subscription after this long (5 minutes is its minimum).
const TEMPORARY_IDLE_DELETE = 'PT5M';

type RuleFilter = SqlRuleFilter | CorrelationRuleFilter;

/** One subscription the topology needs: where an endpoint reads one topic. */
export interface SubscriptionPlan {
  readonly endpoint: string;
  readonly topic: string;
  readonly topicEntity: string;
  readonly subscriptionEntity: string;
  readonly requiresSession: boolean;
  readonly rules: ReadonlyMap<string, CorrelationRuleFilter>;
}

export function subscriptionPlans(endpoint: EndpointTopology, names: EntityNames): SubscriptionPlan[] {
  return endpoint.subscriptions.map(({ topic, messageTypes }) => {
    const topicEntity = names.topic(topic);
    const subscriptionEntity = names.subscription(endpoint.name);
    const rules = new Map<string, CorrelationRuleFilter>([
      [DIRECT_RULE_NAME, { to: subscriptionAddress(topicEntity, subscriptionEntity) }],
    ]);
    for (const type of messageTypes) rules.set(names.typeRule(type), { subject: type, to: topicEntity });
    return {
      endpoint: endpoint.name,
      topic,
      topicEntity,
      subscriptionEntity,
      requiresSession: endpoint.partitions !== undefined,
      rules,
    };
  });
}

/**
 * Realises a topology with the administration client: a topic per toolkit topic, a subscription per endpoint
 * and topic, and a correlation rule per handled type. Idempotent: it creates what is missing, replaces rules that
 * differ, removes rules no endpoint needs any more, and never deletes a subscription (that would lose messages).
 */
export class TopologyProvisioner {
  constructor(
    private readonly administration: ServiceBusAdministrationSurface,
    private readonly names: EntityNames,
    private readonly settings: ResolvedTransportSettings,
    private readonly logger: Logger,
  ) {}

  async provision(topology: Topology): Promise<void> {
    const topics = new Set(topology.topics.map((topic) => topic.name));
    for (const endpoint of topology.endpoints) {
      for (const subscription of endpoint.subscriptions) topics.add(subscription.topic);
    }
    for (const topic of topics) await this.ensureTopic(this.names.topic(topic));
    for (const endpoint of topology.endpoints) {
      for (const plan of subscriptionPlans(endpoint, this.names)) {
        await this.ensureSubscription(plan, endpoint.temporary);
        await this.reconcileRules(plan);
      }
    }
  }

  private async ensureTopic(topicEntity: string): Promise<void> {
    if (await this.administration.topicExists(topicEntity)) return;
    const options: CreateTopicOptions = {};
    if (this.settings.maxMessageBytes > STANDARD_TIER_MAX_MESSAGE_BYTES) {
      // Premium only: raise the entity's limit to what the transport promises.
      options.maxMessageSizeInKilobytes = Math.max(1024, Math.ceil(this.settings.maxMessageBytes / 1024));
    }
    if (this.settings.duplicateDetectionWindowMs !== undefined) {
      options.requiresDuplicateDetection = true;
      options.duplicateDetectionHistoryTimeWindow = isoDuration(this.settings.duplicateDetectionWindowMs);
    }
    await this.tolerateExisting(() => this.administration.createTopic(topicEntity, options));
    this.logger.info({ topic: topicEntity }, 'Created Service Bus topic');
  }

  private async ensureSubscription(plan: SubscriptionPlan, temporary: boolean): Promise<void> {
    const { topicEntity, subscriptionEntity } = plan;
    if (await this.administration.subscriptionExists(topicEntity, subscriptionEntity)) {
      const existing = await this.administration.getSubscription(topicEntity, subscriptionEntity);
      if (existing.requiresSession !== plan.requiresSession) throw sessionMismatch(plan);
      return;
    }
    const [directRule, directFilter] = [...plan.rules][0]!;
    const options: CreateSubscriptionOptions = {
      requiresSession: plan.requiresSession,
      lockDuration: isoDuration(this.settings.lockDurationMs),
      maxDeliveryCount: this.settings.maxDeliveryCount,
      deadLetteringOnMessageExpiration: true,
      // Without a default rule Service Bus adds a true filter, and every type would land here until we fix it.
      defaultRuleOptions: { name: directRule, filter: directFilter },
    };
    if (this.settings.messageTimeToLiveMs !== undefined) {
      options.defaultMessageTimeToLive = isoDuration(this.settings.messageTimeToLiveMs);
    }
    if (temporary) options.autoDeleteOnIdle = TEMPORARY_IDLE_DELETE;
    await this.tolerateExisting(() =>
      this.administration.createSubscription(topicEntity, subscriptionEntity, options),
    );
    this.logger.info(
      {
        topic: topicEntity,
        subscription: subscriptionEntity,
        endpoint: plan.endpoint,
        sessions: plan.requiresSession,
      },
      'Created Service Bus subscription',
    );
  }

  private async reconcileRules(plan: SubscriptionPlan): Promise<void> {
    const { topicEntity, subscriptionEntity } = plan;
    const existing = new Map<string, RuleFilter>();
    for await (const rule of this.administration.listRules(topicEntity, subscriptionEntity)) {
      existing.set(rule.name, rule.filter);
    }
    // Add before removing, so the subscription never misses a type it should get.
    for (const [name, filter] of plan.rules) {
      const current = existing.get(name);
      if (current && sameFilter(current, filter)) continue;
      if (current)
        await this.tolerateMissing(() =>
          this.administration.deleteRule(topicEntity, subscriptionEntity, name),
        );
      await this.tolerateExisting(() =>
        this.administration.createRule(topicEntity, subscriptionEntity, name, filter),
      );
    }
    for (const name of existing.keys()) {
      if (plan.rules.has(name)) continue;
      await this.tolerateMissing(() => this.administration.deleteRule(topicEntity, subscriptionEntity, name));
      this.logger.info(
        { topic: topicEntity, subscription: subscriptionEntity, rule: name },
        'Removed a Service Bus rule the endpoint no longer needs',
      );
    }
  }

  private async tolerateExisting(create: () => Promise<unknown>): Promise<void> {
    try {
      await create();
    } catch (error) {
      // Another instance provisioning the same topology at the same moment won the race: that is fine.
      if (!isAlreadyExists(error)) throw error;
    }
  }

  private async tolerateMissing(remove: () => Promise<unknown>): Promise<void> {
    try {
      await remove();
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function sameFilter(current: RuleFilter, wanted: CorrelationRuleFilter): boolean {
  if ('sqlExpression' in current) return false;
  const { subject, to } = current as CorrelationRuleFilter;
  const properties = Object.keys((current as CorrelationRuleFilter).applicationProperties ?? {});
  return subject === wanted.subject && to === wanted.to && properties.length === 0;
}

function sessionMismatch(plan: SubscriptionPlan): ConfigurationError {
  const has = plan.requiresSession ? 'without' : 'with';
  const wants = plan.requiresSession ? 'is ordered (partitions) and needs sessions' : 'is unordered';
  return new ConfigurationError(
    `Subscription "${plan.subscriptionEntity}" on topic "${plan.topicEntity}" exists ${has} sessions, but endpoint ` +
      `"${plan.endpoint}" ${wants}. Service Bus cannot change this on an existing subscription: drain and delete ` +
      'it, or give the endpoint a new name.',
  );
}
