import type {
  CorrelationRuleFilter,
  CreateSubscriptionOptions,
  CreateTopicOptions,
  RuleProperties,
  SqlRuleFilter,
} from '@azure/service-bus';
import type { ServiceBusAdministrationSurface, SubscriptionSettings } from '../../src/service-bus-surface.js';
import { restError } from './double-errors.js';
import { parseIsoDuration } from './iso-duration-parser.js';
import { assertSupportedFilter, type RuleFilter } from './rule-filter.js';
import type { ServiceBusNamespaceDouble } from './service-bus-namespace-double.js';
import { SubscriptionEntity } from './subscription-entity.js';
import { TopicEntity } from './topic-entity.js';

// Defaults of a new entity, from the ServiceBusAdministrationClient reference.
const DEFAULT_LOCK_DURATION_MS = 60_000;
const DEFAULT_MAX_DELIVERY_COUNT = 10;
const DEFAULT_DUPLICATE_WINDOW_MS = 10 * 60_000;
const DEFAULT_RULE_NAME = '$Default';
const TRUE_FILTER: SqlRuleFilter = { sqlExpression: '1=1' };

/** ServiceBusAdministrationClient over the double's entities, with its HTTP errors (404, 409, 400). */
export class AdministrationClientDouble implements ServiceBusAdministrationSurface {
  constructor(private readonly namespace: ServiceBusNamespaceDouble) {}

  async topicExists(topicName: string): Promise<boolean> {
    return this.namespace.topics.has(topicName);
  }

  async createTopic(topicName: string, options: CreateTopicOptions = {}): Promise<{ name: string }> {
    if (this.namespace.topics.has(topicName)) throw alreadyExists(topicName);
    if (options.maxMessageSizeInKilobytes !== undefined && this.namespace.tier !== 'premium') {
      throw restError(400, 'BadRequest', 'maxMessageSizeInKilobytes is only supported on premium namespaces');
    }
    const topic = new TopicEntity(
      topicName,
      {
        maxMessageSizeInBytes:
          (options.maxMessageSizeInKilobytes ?? 0) * 1024 || this.namespace.defaultMaxMessageSizeInBytes,
        requiresDuplicateDetection: options.requiresDuplicateDetection ?? false,
        duplicateDetectionWindowMs: options.duplicateDetectionHistoryTimeWindow
          ? parseIsoDuration(options.duplicateDetectionHistoryTimeWindow)
          : DEFAULT_DUPLICATE_WINDOW_MS,
      },
      () => this.namespace.nextSequenceNumber(),
    );
    this.namespace.topics.set(topicName, topic);
    return { name: topicName };
  }

  async *listTopics(): AsyncIterable<{ readonly name: string }> {
    for (const name of this.namespace.topics.keys()) yield { name };
  }

  async subscriptionExists(topicName: string, subscriptionName: string): Promise<boolean> {
    return this.namespace.topics.get(topicName)?.subscriptions.has(subscriptionName) ?? false;
  }

  async getSubscription(topicName: string, subscriptionName: string): Promise<SubscriptionSettings> {
    const subscription = this.subscription(topicName, subscriptionName);
    return {
      topicName,
      subscriptionName,
      requiresSession: subscription.settings.requiresSession,
      lockDuration: `PT${subscription.settings.lockDurationMs / 1000}S`,
      maxDeliveryCount: subscription.settings.maxDeliveryCount,
    };
  }

  async createSubscription(
    topicName: string,
    subscriptionName: string,
    options: CreateSubscriptionOptions = {},
  ): Promise<{ topicName: string; subscriptionName: string }> {
    const topic = this.topic(topicName);
    if (topic.subscriptions.has(subscriptionName))
      throw alreadyExists(`${topicName}/Subscriptions/${subscriptionName}`);
    const subscription = new SubscriptionEntity(topicName, subscriptionName, {
      lockDurationMs: options.lockDuration
        ? parseIsoDuration(options.lockDuration)
        : DEFAULT_LOCK_DURATION_MS,
      maxDeliveryCount: options.maxDeliveryCount ?? DEFAULT_MAX_DELIVERY_COUNT,
      requiresSession: options.requiresSession ?? false,
      defaultMessageTimeToLiveMs: options.defaultMessageTimeToLive
        ? parseIsoDuration(options.defaultMessageTimeToLive)
        : Number.POSITIVE_INFINITY,
      deadLetteringOnMessageExpiration: options.deadLetteringOnMessageExpiration ?? false,
    });
    // Every new subscription gets one rule: the given default rule, or `$Default` with the true filter.
    const defaultRule = options.defaultRuleOptions;
    const filter = (defaultRule?.filter ?? TRUE_FILTER) as RuleFilter;
    assertSupportedFilter(filter);
    subscription.rules.set(defaultRule?.name ?? DEFAULT_RULE_NAME, filter);
    topic.subscriptions.set(subscriptionName, subscription);
    return { topicName, subscriptionName };
  }

  async *listRules(topicName: string, subscriptionName: string): AsyncIterable<RuleProperties> {
    const subscription = this.subscription(topicName, subscriptionName);
    for (const [name, filter] of subscription.rules)
      yield { name, filter: { ...filter }, action: { sqlExpression: '' } };
  }

  async createRule(
    topicName: string,
    subscriptionName: string,
    ruleName: string,
    ruleFilter: SqlRuleFilter | CorrelationRuleFilter,
  ): Promise<{ name: string }> {
    const subscription = this.subscription(topicName, subscriptionName);
    if (subscription.rules.has(ruleName)) throw alreadyExists(`${subscription.path}/Rules/${ruleName}`);
    assertSupportedFilter(ruleFilter);
    subscription.rules.set(ruleName, { ...ruleFilter });
    return { name: ruleName };
  }

  async deleteRule(topicName: string, subscriptionName: string, ruleName: string): Promise<object> {
    const subscription = this.subscription(topicName, subscriptionName);
    if (!subscription.rules.delete(ruleName)) throw notFound(`${subscription.path}/Rules/${ruleName}`);
    return {};
  }

  private topic(topicName: string): TopicEntity {
    const topic = this.namespace.topics.get(topicName);
    if (!topic) throw notFound(topicName);
    return topic;
  }

  private subscription(topicName: string, subscriptionName: string): SubscriptionEntity {
    const subscription = this.topic(topicName).subscriptions.get(subscriptionName);
    if (!subscription) throw notFound(`${topicName}/Subscriptions/${subscriptionName}`);
    return subscription;
  }
}

function alreadyExists(path: string): Error {
  return restError(409, 'MessageEntityAlreadyExistsError', `The messaging entity '${path}' already exists.`);
}

function notFound(path: string): Error {
  return restError(404, 'MessageEntityNotFoundError', `The messaging entity '${path}' was not found.`);
}
