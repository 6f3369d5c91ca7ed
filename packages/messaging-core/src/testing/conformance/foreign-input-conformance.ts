import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Messaging } from '../../bus/messaging.js';
import type { BusEvent } from '../../observability/bus-events.js';
import type { Transport } from '../../transport/transport.js';
import { ConformanceFixture, conformanceTestTimeoutMs } from './conformance-fixture.js';

/** A message as a producer outside the toolkit sends it, with its broker's own client. */
export interface ForeignMessage {
  readonly id?: string | undefined;
  readonly type?: string | undefined;
  readonly contentType?: string | undefined;
  /** Header values the broker can carry: a transport whose broker has only text or bytes sends them as such. */
  readonly headers: Readonly<Record<string, string | number | boolean>>;
  readonly body: Uint8Array;
}

/** Where the foreign producer sends: the endpoint's own queue or subscription where the broker has one, else its topic. */
export interface ForeignTarget {
  readonly topic: string;
  readonly endpoint: string;
  /** The transport of the consuming bus, to find the broker names it uses. */
  readonly transport: Transport;
}

export type ForeignScenarioName =
  | 'no message id'
  | 'no type'
  | 'unknown type'
  | 'wrong content type'
  | 'invalid JSON'
  | 'schema-invalid'
  | 'over the size limit'
  | 'huge headers'
  | 'non-string header values';

export interface ForeignInputConformanceOptions {
  /** Shown in test names, e.g. "rabbitmq". */
  readonly name: string;
  /** A new, unconnected transport that accepts at most `maxMessageBytes` (body and headers). */
  readonly createTransport: (limits: { maxMessageBytes: number }) => Transport | Promise<Transport>;
  /** Publishes `message` with the broker's own client, as a foreign service would. */
  readonly publishForeign: (target: ForeignTarget, message: ForeignMessage) => Promise<void>;
  /**
   * Scenarios the broker itself refuses from the foreign producer (its publish fails), with the reason: nothing
   * reaches the consumer, which must go on handling the next good message.
   */
  readonly refusedByBroker?: Partial<Record<ForeignScenarioName, string>>;
  /** Upper bound for every wait, ms. Default 30 000. */
  readonly timeoutMs?: number;
}

/** Below every client's and broker's own limits (amqplib encodes at most 64 KiB of headers), so the toolkit's limit is the one that speaks. */
export const FOREIGN_INPUT_MAX_MESSAGE_BYTES = 32 * 1024;

/** Every foreign message carries it, so its dead letter can be found whatever its id. */
export const SCENARIO_HEADER = 'x-foreign-scenario';

type Expected =
  | { readonly outcome: 'dead-lettered'; readonly reason: string; readonly mentions?: string }
  | { readonly outcome: 'handled'; readonly headers: Readonly<Record<string, string>> }
  | { readonly outcome: 'skipped' };

interface Scenario {
  readonly name: ForeignScenarioName;
  /** The message, from the contract's type and a valid body for it. */
  readonly message: (valid: { type: string; body: (text?: string) => Uint8Array }) => Omit<
    ForeignMessage,
    'headers'
  > & {
    readonly headers?: ForeignMessage['headers'];
  };
  readonly expected: (transport: Transport) => Expected;
}

const json = 'application/json';
const bytes = (text: string) => new TextEncoder().encode(text);
const limit = FOREIGN_INPUT_MAX_MESSAGE_BYTES;

/** The bad input a foreign producer can send, and what the toolkit does with each. */
export const FOREIGN_SCENARIOS: readonly Scenario[] = [
  {
    name: 'no message id',
    message: ({ type, body }) => ({ type, contentType: json, body: body() }),
    expected: () => ({ outcome: 'dead-lettered', reason: 'INVALID_ENVELOPE', mentions: 'message id' }),
  },
  {
    name: 'no type',
    message: ({ body }) => ({ id: 'foreign-no-type', contentType: json, body: body() }),
    expected: () => ({ outcome: 'dead-lettered', reason: 'INVALID_ENVELOPE', mentions: 'no type' }),
  },
  {
    name: 'unknown type',
    message: ({ type, body }) => ({
      id: 'foreign-unknown-type',
      type: `${type}.unknown`,
      contentType: json,
      body: body(),
    }),
    // Where the broker routes by type, an unknown type at an endpoint is misrouted: kept for a human. On a log
    // (Kafka) an endpoint reads every type of its topics and skips the ones it has no handler for.
    expected: (transport) =>
      transport.capabilities.typeFiltering === 'broker'
        ? { outcome: 'dead-lettered', reason: 'UNKNOWN_MESSAGE_TYPE' }
        : { outcome: 'skipped' },
  },
  {
    name: 'wrong content type',
    message: ({ type }) => ({ id: 'foreign-text', type, contentType: 'text/plain', body: bytes('hello') }),
    expected: () => ({ outcome: 'dead-lettered', reason: 'DECODE_FAILED', mentions: 'text/plain' }),
  },
  {
    name: 'invalid JSON',
    message: ({ type }) => ({ id: 'foreign-bad-json', type, contentType: json, body: bytes('{"id": oops') }),
    expected: () => ({ outcome: 'dead-lettered', reason: 'DECODE_FAILED' }),
  },
  {
    name: 'schema-invalid',
    message: ({ type }) => ({ id: 'foreign-bad-shape', type, contentType: json, body: bytes('{"id": 1}') }),
    expected: () => ({ outcome: 'dead-lettered', reason: 'VALIDATION_FAILED', mentions: 'seq' }),
  },
  {
    name: 'over the size limit',
    message: ({ type, body }) => ({
      id: 'foreign-big',
      type,
      contentType: json,
      body: body('x'.repeat(limit + 1024)),
    }),
    expected: () => ({ outcome: 'dead-lettered', reason: 'MESSAGE_TOO_LARGE', mentions: String(limit) }),
  },
  {
    name: 'huge headers',
    message: ({ type, body }) => ({
      id: 'foreign-big-headers',
      type,
      contentType: json,
      body: body(),
      headers: Object.fromEntries(
        Array.from({ length: 16 }, (_, index) => [`x-big-${index}`, 'h'.repeat(limit / 16 + 64)]),
      ),
    }),
    expected: () => ({ outcome: 'dead-lettered', reason: 'MESSAGE_TOO_LARGE' }),
  },
  {
    name: 'non-string header values',
    // Typed header values are legitimate on brokers that carry them: the message is handled, its headers as text.
    message: ({ type, body }) => ({
      id: 'foreign-typed-headers',
      type,
      contentType: json,
      body: body(),
      headers: { 'x-count': 42, 'x-flag': true },
    }),
    expected: () => ({ outcome: 'handled', headers: { 'x-count': '42', 'x-flag': 'true' } }),
  },
];

/**
 * Bad input from outside: each scenario is published with the broker's own client to an endpoint with immediate and
 * delayed retries, then a good message after it. The bad one is dead-lettered at once with its reason in the dead
 * letter's headers (or refused by the broker, or skipped where that is the transport's rule), never retried; the
 * consumer keeps running and handles the good one. Every transport package calls this from `foreign-input.test.ts`.
 */
export function describeForeignInputConformance(options: ForeignInputConformanceOptions): void {
  describe(`bad input from outside: ${options.name}`, { timeout: conformanceTestTimeoutMs(options) }, () => {
    const f = new ConformanceFixture({
      name: options.name,
      createTransport: () => options.createTransport({ maxMessageBytes: FOREIGN_INPUT_MAX_MESSAGE_BYTES }),
      cutConnection: () => Promise.reject(new Error('not used by this suite')),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    const contract = f.contract('foreign');
    const endpoint = f.name('foreign-input');
    let bus: Messaging;
    let seq = 0;

    beforeAll(async () => {
      bus = await f.bus(
        'consumer',
        (b) =>
          b
            .endpoint(endpoint, { retry: { immediate: 2, delays: [100] } })
            .on(contract, f.recorder('consumer')),
        { publishes: [contract] },
      );
    }, conformanceTestTimeoutMs(options));
    afterAll(async () => {
      await f.dispose();
      expect(f.unexpectedSettlementFailures(), 'settlements the broker refused').toEqual([]);
    });

    for (const scenario of FOREIGN_SCENARIOS) {
      it(scenario.name, async () => {
        const expected = scenario.expected(bus.transport);
        const foreignSeq = ++seq;
        const goodSeq = ++seq;
        const built = scenario.message({
          type: contract.type,
          body: (text) => bytes(JSON.stringify(f.sample(foreignSeq, 'k', text))),
        });
        const message: ForeignMessage = {
          ...built,
          headers: { ...built.headers, [SCENARIO_HEADER]: scenario.name },
        };
        const events = eventsOf(f, scenario.name === 'no message id' ? '' : message.id);
        const before = events().length;
        const failuresBefore = f.events.filter((event) => event.kind === 'failed').length;

        const refusal = options.refusedByBroker?.[scenario.name];
        const published = options.publishForeign(
          { topic: contract.topic, endpoint, transport: bus.transport },
          message,
        );
        if (refusal !== undefined) {
          await expect(published, `the broker refuses it: ${refusal}`).rejects.toThrow();
        } else {
          await published;
        }
        await bus.publish(contract, f.sample(goodSeq));
        await f.until(() => handled(f, goodSeq), 'the next good message is handled');
        if (refusal !== undefined) return;

        if (expected.outcome === 'handled') {
          await f.until(() => handled(f, foreignSeq), 'the foreign message is handled');
          const entry = f.received.find((received) => received.message.seq === foreignSeq)!;
          expect(entry.context.headers).toMatchObject(expected.headers);
          return;
        }
        const kind = expected.outcome === 'skipped' ? 'skipped' : 'dead-lettered';
        await f.until(
          () =>
            events()
              .slice(before)
              .some((event) => event.kind === kind),
          `the foreign message is ${kind}`,
        );
        expect(handled(f, foreignSeq), 'the foreign message reached the handler').toBe(false);
        if (expected.outcome === 'skipped') return;

        // Dead-lettered at the first failure: no immediate retry, no delayed retry.
        expect(f.events.filter((event) => event.kind === 'failed').length - failuresBefore).toBe(1);
        expect(events().some((event) => event.kind === 'retry-scheduled')).toBe(false);
        const deadLetters = await bus.deadLetters(endpoint).list();
        const deadLetter = deadLetters.find(
          (entry) => entry.message.headers[SCENARIO_HEADER] === scenario.name,
        );
        expect(deadLetter, 'its dead letter').toBeDefined();
        expect(deadLetter!.failure.reason).toBe(expected.reason);
        if (expected.mentions) expect(deadLetter!.failure.message).toContain(expected.mentions);
      });
    }
  });
}

function handled(f: ConformanceFixture, seq: number): boolean {
  return f.received.some((entry) => entry.message.seq === seq);
}

/** The consume events of one message id (the empty id of a message that has none). */
function eventsOf(f: ConformanceFixture, messageId: string | undefined): () => BusEvent[] {
  return () =>
    f.events.filter((event) => event.kind !== 'published' && event.messageId === (messageId ?? ''));
}
