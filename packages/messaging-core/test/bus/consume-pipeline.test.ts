import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import {
  type BusEvent,
  createInMemoryTransport,
  createMessaging,
  Headers,
  type InMemoryTransport,
  type Messaging,
  type MessagingOptions,
  NonRetryableError,
  type TransportMessage,
} from '../../src/index.js';
import { TicketAssigned, TicketCreated } from '../support/ticket-contracts.js';
import { withCapabilities } from '../support/with-capabilities.js';

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function consumer(
  options: Partial<Omit<MessagingOptions, 'transport'>> = {},
  transport = createInMemoryTransport(),
) {
  const bus = createMessaging({ service: 'consumer', transport, ...options });
  buses.push(bus);
  return { bus, transport };
}

const ticket = (ticketId: string) => ({ ticketId, title: `ticket ${ticketId}` });

function raw(type: string, body: string, id = `raw-${type}`): TransportMessage {
  return {
    id,
    type,
    topic: 'tickets',
    key: 'k',
    headers: { [Headers.contentType]: 'application/json', [Headers.attempt]: '1' },
    body: new TextEncoder().encode(body),
    timestamp: Date.now(),
  };
}

const summary = (events: readonly BusEvent[]) =>
  events.map((event) => {
    if (event.kind === 'failed') return `failed(${event.attempt}, ${event.willRetry})`;
    if (event.kind === 'retry-scheduled') return `retry-scheduled(${event.attempt}, ${event.delayMs}ms)`;
    if (event.kind === 'published') return 'published';
    return `${event.kind}(${event.attempt})`;
  });

describe('consume pipeline', () => {
  it('retries immediately, then after each delay, then dead-letters with the failure in headers', async () => {
    const delays = [30, 60];
    const { bus } = consumer({ retry: { immediate: 1, delays } });
    const runs: { attempt: number; at: number }[] = [];
    bus.endpoint('failing', { concurrency: 1 }).on(TicketCreated, (_ticket, context) => {
      runs.push({ attempt: context.attempt, at: performance.now() });
      throw new Error('database unavailable');
    });
    const harness = createTestHarness(bus);
    await bus.start();

    await bus.publish(TicketCreated, ticket('t-1'));
    const [deadLettered] = await harness.deadLettered(TicketCreated);

    expect(runs.map((run) => run.attempt)).toEqual([1, 1, 2, 2, 3, 3]);
    for (const [index, delay] of delays.entries()) {
      const gap = runs[index * 2 + 2]!.at - runs[index * 2 + 1]!.at;
      expect(gap, `gap before delayed retry ${index + 1}`).toBeGreaterThanOrEqual(delay - 5);
      expect(gap, `gap before delayed retry ${index + 1}`).toBeLessThan(delay + 500);
    }
    expect(summary(harness.events)).toEqual([
      'published',
      'failed(1, immediately)',
      'failed(1, later)',
      'retry-scheduled(1, 30ms)',
      'failed(2, immediately)',
      'failed(2, later)',
      'retry-scheduled(2, 60ms)',
      'failed(3, immediately)',
      'failed(3, no)',
      'dead-lettered(3)',
    ]);
    expect(deadLettered!.message).toEqual({ ...ticket('t-1'), priority: 'low' });

    const [letter, ...others] = await bus.deadLetters('failing').list();
    expect(others).toEqual([]);
    expect(letter!.failure).toMatchObject({
      reason: 'Error',
      message: 'database unavailable',
      endpoint: 'failing',
      attempts: 3,
    });
    expect(letter!.failure.at.getTime()).toBeGreaterThan(Date.now() - 5_000);
    expect(letter!.message.headers[Headers.failureStack]).toContain('database unavailable');
    expect(letter!.message.headers[Headers.attempt]).toBe('3');
  });

  it('handles a message that succeeds on a delayed retry, with the attempt visible to the handler', async () => {
    const { bus } = consumer({ retry: { immediate: 0, delays: [10] } });
    const attempts: number[] = [];
    bus.endpoint('flaky').on(TicketCreated, (_ticket, context) => {
      attempts.push(context.attempt);
      if (context.attempt === 1) throw new Error('first time fails');
    });
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(TicketCreated, ticket('t-1'));
    const [handled] = await harness.handled(TicketCreated);
    expect(attempts).toEqual([1, 2]);
    expect(handled!.event).toMatchObject({ kind: 'handled', attempt: 2, endpoint: 'flaky' });
    expect(await bus.deadLetters('flaky').list()).toEqual([]);
  });

  it('dead-letters schema-invalid and undecodable input at once, and keeps consuming', async () => {
    const { bus, transport } = consumer({ retry: { immediate: 3, delays: [10, 10] } });
    let handlerRuns = 0;
    bus.endpoint('strict').on(TicketCreated, () => {
      handlerRuns++;
    });
    const harness = createTestHarness(bus);
    await bus.start();

    await transport.send([
      raw(TicketCreated.type, '{"ticketId": 7}', 'wrong-shape'),
      raw(TicketCreated.type, '{"ticketId": ', 'not-json'),
    ]);
    await bus.publish(TicketCreated, ticket('t-ok'));
    await harness.handled(TicketCreated);
    const deadLettered = await harness.deadLettered(TicketCreated, { count: 2 });

    expect(handlerRuns).toBe(1);
    expect(deadLettered.map((entry) => entry.message)).toEqual([undefined, undefined]);
    const reasons = Object.fromEntries(
      (await bus.deadLetters('strict').list()).map((letter) => [letter.message.id, letter.failure.reason]),
    );
    expect(reasons).toEqual({ 'wrong-shape': 'VALIDATION_FAILED', 'not-json': 'DECODE_FAILED' });
    expect(harness.recorded('failed').map((entry) => entry.event)).toMatchObject([
      { willRetry: 'no' },
      { willRetry: 'no' },
    ]);
    expect(harness.recorded('retry-scheduled')).toEqual([]);
  });

  it('sends a NonRetryableError straight to the dead-letter queue, skipping every retry', async () => {
    const { bus } = consumer({ retry: { immediate: 3, delays: [10, 10] } });
    let runs = 0;
    bus.endpoint('refusing').on(TicketCreated, () => {
      runs++;
      throw new NonRetryableError('ticket belongs to a deleted tenant');
    });
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(TicketCreated, ticket('t-1'));
    await harness.deadLettered(TicketCreated);
    expect(runs).toBe(1);
    expect(harness.recorded('retry-scheduled')).toEqual([]);
    const [letter] = await bus.deadLetters('refusing').list();
    expect(letter!.failure).toMatchObject({
      reason: 'NON_RETRYABLE',
      message: 'ticket belongs to a deleted tenant',
      attempts: 1,
    });
  });

  it('dead-letters an unknown type where the broker filters by type (a misrouted message)', async () => {
    const { bus, transport } = consumer();
    bus.endpoint('assignments').on(TicketAssigned, () => {});
    const harness = createTestHarness(bus);
    await bus.start();
    transport.broker.sendToEndpoint('assignments', raw('tickets.unknown', '{}', 'stray'));
    await harness.waitForEvent('dead-lettered');
    const [letter] = await bus.deadLetters('assignments').list();
    expect(letter!.message.id).toBe('stray');
    expect(letter!.failure).toMatchObject({
      reason: 'UNKNOWN_MESSAGE_TYPE',
      message: 'Endpoint "assignments" has no handler for message type "tickets.unknown"',
    });
  });

  it('skips and acknowledges an unknown type where the consumer filters (logs such as Kafka)', async () => {
    const transport = withCapabilities(createInMemoryTransport(), { typeFiltering: 'consumer' });
    const { bus } = consumer({}, transport);
    bus.endpoint('assignments').on(TicketAssigned, () => {});
    const harness = createTestHarness(bus);
    await bus.start();
    (transport as InMemoryTransport).broker.sendToEndpoint(
      'assignments',
      raw('tickets.unknown', '{}', 'other'),
    );
    const skipped = await harness.waitForEvent('skipped');
    expect(skipped).toMatchObject({ type: 'tickets.unknown', reason: 'not-subscribed', messageId: 'other' });
    expect(await bus.deadLetters('assignments').list()).toEqual([]);
    expect(harness.recorded('failed')).toEqual([]);
  });

  it('runs received/validated middleware once per delivery and handler middleware once per try', async () => {
    const calls: string[] = [];
    const { bus } = consumer({
      retry: { immediate: 2, delays: [] },
      middleware: {
        consume: [
          {
            stage: 'received',
            middleware: async (context, next) => {
              calls.push(`received(${context.message === undefined ? 'raw' : 'validated'})`);
              await next();
            },
          },
        ],
      },
    });
    let tries = 0;
    bus
      .endpoint('staged')
      .use(async (context, next) => {
        calls.push(`validated(${(context.message as { priority: string }).priority})`);
        await next();
      }, 'validated')
      .use(async (_context, next) => {
        calls.push('handler');
        await next();
      })
      .on(TicketCreated, () => {
        tries++;
        if (tries < 3) throw new Error('not yet');
      });
    const harness = createTestHarness(bus);
    await bus.start();
    await bus.publish(TicketCreated, ticket('t-1'));
    await harness.handled(TicketCreated);
    expect(calls).toEqual(['received(raw)', 'validated(low)', 'handler', 'handler', 'handler']);
  });
});
