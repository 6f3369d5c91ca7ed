import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './emulator-fixture.js';

// The SDK's ServiceBusAdministrationClient over HTTPS (ATOM), trusting the emulator's certificate only here.
describe('Service Bus emulator: administration over HTTPS', () => {
  let world: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    world = await startEmulator();
  });
  afterAll(() => world.close());

  it('creates, reads, lists and deletes topics, subscriptions and rules', async () => {
    const admin = world.administration;
    expect(await admin.topicExists('t1')).toBe(false);
    await admin.createTopic('t1', {
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT1M',
    });
    expect(await admin.getTopic('t1')).toMatchObject({ name: 't1', requiresDuplicateDetection: true });
    await admin.createSubscription('t1', 's1', {
      lockDuration: 'PT30S',
      maxDeliveryCount: 3,
      requiresSession: true,
      defaultRuleOptions: { name: 'direct', filter: { to: 't1/Subscriptions/s1' } },
    });
    expect(await admin.getSubscription('t1', 's1')).toMatchObject({
      lockDuration: 'PT30S',
      maxDeliveryCount: 3,
      requiresSession: true,
    });
    await admin.createRule('t1', 's1', 'typed', {
      subject: 'a',
      applicationProperties: { tenant: 't', n: 2 },
    });
    await admin.createRule('t1', 's1', 'sql', { sqlExpression: 'n > 1' });
    const rules: Record<string, unknown> = {};
    for await (const rule of admin.listRules('t1', 's1')) rules[rule.name] = rule.filter;
    expect(rules).toMatchObject({
      direct: { to: 't1/Subscriptions/s1' },
      typed: { subject: 'a', applicationProperties: { tenant: 't', n: 2 } },
      sql: { sqlExpression: 'n > 1' },
    });
    await admin.deleteRule('t1', 's1', 'sql');
    await admin.deleteSubscription('t1', 's1');
    expect(await admin.subscriptionExists('t1', 's1')).toBe(false);
    await admin.deleteTopic('t1');
    expect(await admin.topicExists('t1')).toBe(false);
  });

  it('answers as Service Bus does: 409 for an existing entity, 400 for invalid settings, 404 for a missing parent', async () => {
    const admin = world.administration;
    await admin.createQueue('q1');
    await expect(admin.createQueue('q1')).rejects.toMatchObject({
      statusCode: 409,
      code: 'MessageEntityAlreadyExistsError',
    });
    await expect(admin.createQueue('q2', { lockDuration: 'PT1S' })).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(admin.createSubscription('no-topic', 's')).rejects.toMatchObject({ statusCode: 404 });
    await expect(admin.createRule('no-topic', 's', 'r', { sqlExpression: '1=1' })).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('pages lists with $skip and $top', async () => {
    const admin = world.administration;
    for (let index = 0; index < 7; index++) await admin.createTopic(`page-${index}`);
    const names: string[] = [];
    for await (const page of admin.listTopics().byPage({ maxPageSize: 3 }))
      names.push(...page.map((topic) => topic.name));
    expect(names.filter((name) => name.startsWith('page-')).sort()).toEqual(
      Array.from({ length: 7 }, (_, index) => `page-${index}`),
    );
  });
});
