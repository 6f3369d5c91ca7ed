import { ConfigurationError } from '@pragmatic-messaging/core';
import { afterEach, describe, expect, it } from 'vitest';
import { PREMIUM_TIER_MAX_MESSAGE_BYTES } from '../src/index.js';
import { endpoint, transportFixture } from './transport-fixture.js';

describe('Azure Service Bus transport: provisioning', () => {
  let fixture = transportFixture();
  afterEach(async () => {
    await fixture.dispose();
    fixture = transportFixture();
  });

  const rulesOf = async (topic: string, subscription: string) => {
    const rules: Record<string, unknown> = {};
    for await (const rule of fixture.namespace.createAdministrationClient().listRules(topic, subscription)) {
      rules[rule.name] = rule.filter;
    }
    return rules;
  };

  it('creates a topic per topic, a subscription per endpoint and a correlation rule per handled type', async () => {
    const { transport } = fixture.create({ namePrefix: 'dev-', maxDeliveryCount: 7 });
    await transport.provision({
      topics: [
        { name: 'orders', messageTypes: ['orders.created'] },
        { name: 'audit', messageTypes: [] },
      ],
      endpoints: [
        endpoint('billing', {
          subscriptions: [{ topic: 'orders', messageTypes: ['orders.created', 'orders.paid'] }],
        }),
      ],
    });
    expect([...fixture.namespace.topics.keys()].sort()).toEqual(['dev-audit', 'dev-orders']);
    const subscription = fixture.subscription('dev-orders', 'dev-billing')!;
    expect(subscription.settings).toMatchObject({
      lockDurationMs: 5_000,
      maxDeliveryCount: 7,
      requiresSession: false,
    });
    // No $Default true filter: the subscription only ever sees its types and messages addressed to it.
    expect(await rulesOf('dev-orders', 'dev-billing')).toEqual({
      'pm-direct': { to: 'dev-orders/Subscriptions/dev-billing' },
      'type-orders.created': { subject: 'orders.created', to: 'dev-orders' },
      'type-orders.paid': { subject: 'orders.paid', to: 'dev-orders' },
    });
  });

  it('is idempotent and reconciles rules: a type no longer handled loses its rule, a new one gains one', async () => {
    const { transport } = fixture.create();
    const first = endpoint('billing', { subscriptions: [{ topic: 'orders', messageTypes: ['a', 'b'] }] });
    await transport.provision({ topics: [], endpoints: [first] });
    await transport.provision({ topics: [], endpoints: [first] });
    expect(Object.keys(await rulesOf('orders', 'billing')).sort()).toEqual(['pm-direct', 'type-a', 'type-b']);

    const changed = endpoint('billing', { subscriptions: [{ topic: 'orders', messageTypes: ['b', 'c'] }] });
    await transport.provision({ topics: [], endpoints: [changed] });
    expect(Object.keys(await rulesOf('orders', 'billing')).sort()).toEqual(['pm-direct', 'type-b', 'type-c']);
  });

  it('ordered endpoints get session-enabled subscriptions; a mismatch with an existing one fails clearly', async () => {
    const { transport } = fixture.create();
    await transport.provision({ topics: [], endpoints: [endpoint('tracker', { partitions: 4 })] });
    expect(fixture.subscription('orders', 'tracker')!.settings.requiresSession).toBe(true);

    const attempt = transport.provision({ topics: [], endpoints: [endpoint('tracker')] });
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(transport.provision({ topics: [], endpoints: [endpoint('tracker')] })).rejects.toThrow(
      /"tracker" on topic "orders" exists with sessions/,
    );
  });

  it('temporary endpoints are deleted by Service Bus when idle; TTL and duplicate detection are options', async () => {
    const { transport } = fixture.create({
      messageTimeToLiveMs: 60_000,
      duplicateDetectionWindowMs: 120_000,
    });
    await transport.provision({ topics: [], endpoints: [endpoint('signals', { temporary: true })] });
    expect(fixture.subscription('orders', 'signals')!.settings.defaultMessageTimeToLiveMs).toBe(60_000);
    expect(fixture.namespace.topics.get('orders')!.settings).toMatchObject({
      requiresDuplicateDetection: true,
      duplicateDetectionWindowMs: 120_000,
    });
    expect(transport.capabilities.nativeDeduplication).toBe(true);
  });

  it('on premium, topics are created with the message size the transport promises', async () => {
    fixture = transportFixture({ tier: 'premium' });
    const { transport } = fixture.create({ maxMessageBytes: PREMIUM_TIER_MAX_MESSAGE_BYTES });
    await transport.provision({ topics: [{ name: 'orders', messageTypes: [] }], endpoints: [] });
    expect(fixture.namespace.topics.get('orders')!.settings.maxMessageSizeInBytes).toBe(
      PREMIUM_TIER_MAX_MESSAGE_BYTES,
    );
  });

  it('describes the entities it creates', () => {
    const { transport } = fixture.create({ namePrefix: 'dev-' });
    const text = transport.describe({ topics: [], endpoints: [endpoint('tracker', { partitions: 2 })] });
    expect(text).toContain('topic dev-orders');
    expect(text).toContain(
      'subscription dev-orders/Subscriptions/dev-tracker  [sessions (session id = message key)]',
    );
    expect(text).toContain('rule type-orders.created: subject = orders.created');
    expect(text).toContain('dead letters: dev-orders/Subscriptions/dev-tracker/$DeadLetterQueue');
  });
});
