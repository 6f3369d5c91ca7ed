import {
  createMessaging,
  InMemoryTransport,
  type Messaging,
  type TransportMessage,
} from '@pragmatic-messaging/core';
import { ConditionWaiter } from '@pragmatic-messaging/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { InquirySubmitted } from '../../src/contracts/inquiries-contracts.js';
import {
  RequestTranslationV1,
  RequestTranslationV2,
  TranslationCompleted,
  TranslationSkipped,
} from '../../src/contracts/translations-contracts.js';
import { type RunningTicketFlow, type StartTicketFlowOptions, startTicketFlow } from '../../src/embedded.js';
import { inquiriesService } from '../../src/services/inquiries/inquiries-service.js';
import { translationsService } from '../../src/services/translations/translations-service.js';
import { settableDetector, settableTranslator } from '../support/fake-collaborators.js';
import { TicketFlowClient } from '../support/ticketflow-client.js';

/**
 * The original's four contract tests between Inquiries and Translations: each service runs alone, and the test
 * plays the other side on the same broker, asserting only on the messages that cross the boundary.
 */
describe('contract: inquiries ↔ translations', () => {
  let running: RunningTicketFlow | undefined;
  let probeBus: Messaging | undefined;
  afterEach(async () => {
    await probeBus?.stop();
    await running?.stop();
    probeBus = undefined;
    running = undefined;
  });

  async function start(service: 'inquiries' | 'translations', modules: StartTicketFlowOptions['modules']) {
    running = await startTicketFlow({
      port: 0,
      dataDir: undefined,
      // Not the DATABASE_URL of the environment: each test gets its own embedded database.
      databaseUrl: undefined,
      services: [service],
      web: false,
      logLevel: 'silent',
      modules,
    });
    return running;
  }

  /** The other side: an endpoint on the same in-memory broker that records what arrives. */
  async function listen(contracts: { type: string; topic: string }[], broker = running!.runtime.broker) {
    const received: TransportMessage[] = [];
    const waiter = new ConditionWaiter();
    const probe = createMessaging({
      service: 'probe',
      transport: new InMemoryTransport({ broker }),
      retry: { immediate: 0, delays: [] },
    });
    // One at a time: messages are recorded in the order the broker delivers them.
    const endpoint = probe.endpoint('probe.contract', { concurrency: 1 });
    for (const contract of contracts) {
      endpoint.on(contract as typeof InquirySubmitted, (_message, context) => {
        received.push(context.envelope);
        waiter.changed();
      });
    }
    await probe.start();
    probeBus = probe;
    const until = (count: number) =>
      waiter.until(() => received.length >= count, `${count} message(s) received`, 10_000);
    const untilType = (type: string) =>
      waiter.until(() => received.some((message) => message.type === type), `a ${type} received`, 10_000);
    return {
      received,
      until,
      untilType,
      body: (index: number) => JSON.parse(new TextDecoder().decode(received[index]!.body)),
    };
  }

  it('Inquiries asks for a translation of a non-English inquiry (V2: text and source language)', async () => {
    const detector = settableDetector('pl');
    await start('inquiries', { inquiries: inquiriesService({ detectLanguage: detector }) });
    const probe = await listen([RequestTranslationV2]);
    const api = new TicketFlowClient(running!.url);
    const description = 'Moja drukarka nie drukuje od wczoraj.';
    const { body } = await api.post<{ id: string }>('/api/inquiries/submit', {
      name: 'Jan',
      email: 'jan@example.com',
      title: 'Drukarka',
      description,
      category: 'general',
    });
    await probe.until(1);
    expect(probe.received[0]!.type).toBe(RequestTranslationV2.type);
    expect(probe.body(0)).toEqual({ text: description, languageCode: 'pl', referenceId: body.id });
  });

  it('Inquiries asks for no translation of an English inquiry', async () => {
    const detector = settableDetector('en');
    await start('inquiries', { inquiries: inquiriesService({ detectLanguage: detector }) });
    const probe = await listen([RequestTranslationV2, InquirySubmitted]);
    const api = new TicketFlowClient(running!.url);
    const inquiry = {
      name: 'Ann',
      email: 'ann@example.com',
      title: 'Printer',
      description: 'The printer is broken again.',
      category: 'general',
    };
    await api.post('/api/inquiries/submit', inquiry);
    // A second, Polish inquiry is the sentinel: anything the first one caused arrives before its messages.
    detector.answer = 'pl';
    await api.post('/api/inquiries/submit', { ...inquiry, description: 'Drukarka znowu nie działa.' });
    // Wait for the Polish inquiry's request: everything the English one caused was published before it.
    await probe.untilType(RequestTranslationV2.type);
    // Delivery is at-least-once: count distinct messages, not deliveries.
    const distinct = (type: string) =>
      new Map(
        probe.received.filter((message) => message.type === type).map((message) => [message.id, message]),
      );
    expect(distinct(InquirySubmitted.type).size).toBe(2);
    const distinctRequests = distinct(RequestTranslationV2.type);
    expect(distinctRequests.size).toBe(1);
    const [request] = distinctRequests.values();
    expect(JSON.parse(new TextDecoder().decode(request!.body)).text).toBe('Drukarka znowu nie działa.');
  });

  it('Translations answers a V2 request with TranslationCompleted, and understands the legacy V1', async () => {
    const translator = settableTranslator('TEST RESULT');
    await start('translations', { translations: translationsService({ translator }) });
    const probe = await listen([TranslationCompleted, TranslationSkipped]);
    const referenceId = crypto.randomUUID();
    await probeBus!.publish(RequestTranslationV2, { text: 'Test Text', languageCode: 'pl', referenceId });
    await probe.until(1);
    expect(probe.received[0]!.type).toBe(TranslationCompleted.type);
    expect(probe.body(0)).toEqual({ originalText: 'Test Text', translatedText: 'TEST RESULT', referenceId });

    const legacyId = crypto.randomUUID();
    await probeBus!.publish(RequestTranslationV1, { text: 'Stary tekst', ticketId: legacyId });
    await probe.until(2);
    expect(probe.body(1)).toEqual({
      originalText: 'Stary tekst',
      translatedText: 'TEST RESULT',
      referenceId: legacyId,
    });
  });

  it('Translations says TranslationSkipped, with the reason, when nothing could be translated', async () => {
    const translator = settableTranslator('');
    await start('translations', { translations: translationsService({ translator }) });
    const probe = await listen([TranslationCompleted, TranslationSkipped]);
    const referenceId = crypto.randomUUID();
    await probeBus!.publish(RequestTranslationV2, { text: 'Test Text', languageCode: 'pl', referenceId });
    await probe.until(1);
    expect(probe.received[0]!.type).toBe(TranslationSkipped.type);
    expect(probe.body(0)).toMatchObject({ originalText: 'Test Text', referenceId });
    expect(probe.body(0).reason).toMatch(/No translation/);
  });
});
