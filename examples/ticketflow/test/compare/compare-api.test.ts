import { silentLogger } from '@pragmatic-messaging/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedReport } from '../../src/compare/broker-docs.js';
import { loadConfig } from '../../src/config/ticketflow-config.js';
import { installErrorHandler } from '../../src/runtime/http-errors.js';
import { registerCompareApi } from '../../src/web/compare-api.js';

/**
 * The Compare page's API as the runtime serves it (the same compilers and error handler): its answers pass their
 * response schemas — the schemas the page's generated types come from — with nothing stripped, and bad requests
 * get a reason, never a run.
 */
describe('the compare API', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    installErrorHandler(app, silentLogger);
    // No broker address and no database: only the in-memory transport is reachable.
    const config = loadConfig({}, { logLevel: 'silent', dataDir: undefined });
    registerCompareApi(app, () => config);
    await app.ready();
  });

  afterAll(() => app.close());

  it('answers the recorded report in full, with what a run from here can use', async () => {
    const answer = await app.inject({ method: 'GET', url: '/api/compare' });
    expect(answer.statusCode, answer.body).toBe(200);
    const overview = answer.json();
    // A schema missing a field would strip it from the answer (or fail the answer with a 500).
    expect(overview.latest).toEqual(recordedReport());
    expect(overview.source).toBe('recorded');
    expect(overview.reachable).toEqual(['memory']);
    expect(overview.run).toEqual({ running: false, label: '', done: 0, total: 0, error: null });
    expect(overview.scenarios).toContainEqual({ name: 'steady', description: 'the seeded load, no fault' });
  });

  it('refuses an invalid body with 400 and the failing field', async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/compare/runs', payload: { inquiries: 0 } });
    expect(answer.statusCode).toBe(400);
    expect(answer.json().message).toMatch(/^Invalid request: inquiries/);
    expect(answer.json().fields).toHaveLength(1);
  });

  it('refuses a broker it cannot reach and an unknown scenario with 409 and the reason', async () => {
    const unreachable = await app.inject({
      method: 'POST',
      url: '/api/compare/runs',
      payload: { transports: ['kafka'] },
    });
    expect(unreachable.statusCode).toBe(409);
    expect(unreachable.json()).toEqual({
      message: 'Not reachable from this process: kafka (needs its broker address and DATABASE_URL)',
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/compare/runs',
      payload: { scenarios: 'nope' },
    });
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json().message).toMatch(/^Unknown scenario "nope"/);
    // Neither started a run.
    expect((await app.inject({ method: 'GET', url: '/api/compare' })).json().run.running).toBe(false);
  });
});
