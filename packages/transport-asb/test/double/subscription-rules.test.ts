import { describe, expect, it } from 'vitest';
import { doubleWithTopic, message } from './double-fixture.js';

// https://learn.microsoft.com/azure/service-bus-messaging/topic-filters
describe('Service Bus double: topics, subscriptions and rules', () => {
  it('a new subscription without a default rule gets $Default, a true filter that selects every message', async () => {
    const { administration, client, subscribe, send } = await doubleWithTopic();
    await subscribe('all');
    const rules = [];
    for await (const rule of administration.listRules('orders', 'all')) rules.push(rule);
    expect(rules.map((rule) => [rule.name, rule.filter])).toEqual([['$Default', { sqlExpression: '1=1' }]]);

    await send(message('a'), message('b'));
    const received = await client
      .createReceiver('orders', 'all')
      .receiveMessages(10, { maxWaitTimeInMs: 100 });
    expect(received.map((entry) => entry.subject)).toEqual(['a', 'b']);
  });

  it('correlation filters select by subject, `to` and application properties; each subscription gets its own copy', async () => {
    const { administration, client, subscribe, send } = await doubleWithTopic();
    await subscribe('created', { defaultRuleOptions: { name: 'created', filter: { subject: 'created' } } });
    await subscribe('eu', {
      defaultRuleOptions: { name: 'eu', filter: { applicationProperties: { region: 'eu' } } },
    });
    await subscribe('direct', {
      defaultRuleOptions: { name: 'direct', filter: { to: 'orders/Subscriptions/direct' } },
    });
    await administration.createRule('orders', 'created', 'also-eu', {
      applicationProperties: { region: 'eu' },
    });

    await send(
      message('created', { applicationProperties: { region: 'eu' } }),
      message('shipped', { applicationProperties: { region: 'us' } }),
      message('shipped', { to: 'orders/Subscriptions/direct' }),
    );
    const subjects = async (name: string) =>
      (await client.createReceiver('orders', name).receiveMessages(10, { maxWaitTimeInMs: 50 })).map(
        (entry) => `${entry.subject}${entry.to ? ' (direct)' : ''}`,
      );
    // Two rules of `created` match the first message: rules without actions give a single copy.
    expect(await subjects('created')).toEqual(['created']);
    expect(await subjects('eu')).toEqual(['created']);
    expect(await subjects('direct')).toEqual(['shipped (direct)']);
  });

  it('a topic with no matching subscription accepts the message and drops it', async () => {
    const { client, subscribe, send } = await doubleWithTopic();
    await expect(send(message('nobody-listens'))).resolves.toBeUndefined();
    await subscribe('late');
    const received = await client
      .createReceiver('orders', 'late')
      .receiveMessages(1, { maxWaitTimeInMs: 50 });
    expect(received).toEqual([]);
  });

  it('creating what exists fails with 409, deleting what does not with 404; unsupported SQL is refused', async () => {
    const { administration, subscribe } = await doubleWithTopic();
    await expect(administration.createTopic('orders')).rejects.toMatchObject({ statusCode: 409 });
    await subscribe('s');
    await expect(subscribe('s')).rejects.toMatchObject({ statusCode: 409 });
    await expect(administration.deleteRule('orders', 's', 'nope')).rejects.toMatchObject({ statusCode: 404 });
    await expect(administration.createSubscription('missing', 's')).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(
      administration.createRule('orders', 's', 'sql', { sqlExpression: "color = 'blue'" }),
    ).rejects.toThrow(/correlation filter/);
  });

  it('duplicate detection drops a message id seen within the window', async () => {
    const { administration, client, namespace } = await doubleWithTopic();
    await administration.createTopic('dedup', {
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT1M',
    });
    await administration.createSubscription('dedup', 'all');
    const sender = client.createSender('dedup');
    await sender.sendMessages([message('a', { messageId: 'same' }), message('a', { messageId: 'same' })]);
    const received = await client.createReceiver('dedup', 'all').receiveMessages(10, { maxWaitTimeInMs: 50 });
    expect(received).toHaveLength(1);
    namespace.dispose();
  });
});
