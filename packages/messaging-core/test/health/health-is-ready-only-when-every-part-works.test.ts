import { describe, expect, it } from 'vitest';
import { assessHealth, type HealthInputs } from '../../src/bus/messaging-health.js';

/** A started bus where everything works; each test breaks one part. */
const working: HealthInputs = {
  state: 'started',
  transport: { status: 'connected' },
  endpoints: [{ name: 'tickets', consuming: true }],
  publishing: { consecutiveFailures: 0 },
};

const judged = (overrides: Partial<HealthInputs>) => {
  const { live, ready, reasons, status } = assessHealth({ ...working, ...overrides });
  return { live, ready, reasons, status };
};

describe('health is ready only when every part works', () => {
  it('a started bus whose parts all work is healthy, and reports what it was given', () => {
    const store = { reachable: true, lastAnsweredAt: 5 };
    const outbox = {
      running: true,
      backlog: { unsent: 0, oldestUnsentAgeMs: 0 },
      consecutiveFailures: 0,
      published: 3,
    };
    expect(assessHealth({ ...working, store, outbox })).toStrictEqual({
      live: true,
      ready: true,
      reasons: [],
      status: 'healthy',
      ...working,
      store,
      outbox,
    });
  });

  it.each([
    ['created', 'not started'],
    ['stopping', 'stopping'],
    ['stopped', 'stopped'],
  ] as const)('a bus that is %s is neither live nor ready: "%s"', (state, reason) => {
    expect(judged({ state })).toEqual({ live: false, ready: false, reasons: [reason], status: 'unhealthy' });
  });

  it('a bus that is starting is live, not ready, and says so', () => {
    expect(judged({ state: 'starting' })).toEqual({
      live: true,
      ready: false,
      reasons: ['starting'],
      status: 'degraded',
    });
  });

  it('while starting, it names the step it is on', () => {
    expect(
      judged({ state: 'starting', starting: { step: 'connect to the broker', attempt: 1 } }).reasons,
    ).toEqual(['starting: connect to the broker']);
  });

  it('while starting, it says why the last try of the step failed and how often it tried', () => {
    const starting = { step: 'connect to the broker', attempt: 3, lastError: 'connect ECONNREFUSED' };
    expect(judged({ state: 'starting', starting }).reasons).toEqual([
      'starting: could not connect to the broker (3 attempt(s), retrying): connect ECONNREFUSED',
    ]);
  });

  it('before start, the parts are not judged: only "not started" is said', () => {
    expect(
      judged({
        state: 'created',
        transport: { status: 'idle' },
        endpoints: [{ name: 'tickets', consuming: false }],
        publishing: { consecutiveFailures: 2, lastError: 'x' },
        store: { reachable: false, lastError: 'down' },
      }).reasons,
    ).toEqual(['not started']);
  });

  it('a broker connection that failed for good is not live', () => {
    expect(judged({ transport: { status: 'failed', detail: 'ACCESS_REFUSED' } })).toEqual({
      live: false,
      ready: false,
      reasons: ['the broker connection failed for good: ACCESS_REFUSED'],
      status: 'unhealthy',
    });
  });

  it('a closed broker connection of a started bus is not live', () => {
    expect(judged({ transport: { status: 'closed' } })).toEqual({
      live: false,
      ready: false,
      reasons: ['the broker connection is closed'],
      status: 'unhealthy',
    });
  });

  it.each(['reconnecting', 'connecting', 'idle'] as const)(
    'a broker connection that is %s leaves the bus live but not ready',
    (status) => {
      expect(judged({ transport: { status } })).toEqual({
        live: true,
        ready: false,
        reasons: [`the broker connection is ${status}`],
        status: 'degraded',
      });
    },
  );

  it('the transport detail is added to the reason', () => {
    expect(judged({ transport: { status: 'reconnecting', detail: 'socket closed' } }).reasons).toEqual([
      'the broker connection is reconnecting: socket closed',
    ]);
  });

  it('an endpoint that is not consuming makes the bus not ready, by name', () => {
    expect(
      judged({
        endpoints: [
          { name: 'tickets', consuming: true },
          { name: 'billing', consuming: false },
        ],
      }),
    ).toEqual({
      live: true,
      ready: false,
      reasons: ['endpoint "billing" is not consuming'],
      status: 'degraded',
    });
  });

  it('failing sends make the bus not ready, with how many and why', () => {
    expect(judged({ publishing: { consecutiveFailures: 4, lastError: 'nack' } })).toEqual({
      live: true,
      ready: false,
      reasons: ['publishing fails (4 in a row): nack'],
      status: 'degraded',
    });
  });

  it('an unreachable store makes the bus not ready, with its error; a reachable one does not', () => {
    expect(judged({ store: { reachable: false, lastError: 'connect ECONNREFUSED' } })).toEqual({
      live: true,
      ready: false,
      reasons: ['the store is unreachable: connect ECONNREFUSED'],
      status: 'degraded',
    });
    expect(judged({ store: { reachable: true } }).ready).toBe(true);
  });

  it('every reason is listed, in order: broker, endpoints, publishing, store', () => {
    expect(
      judged({
        transport: { status: 'reconnecting' },
        endpoints: [{ name: 'tickets', consuming: false }],
        publishing: { consecutiveFailures: 1, lastError: 'nack' },
        store: { reachable: false, lastError: 'down' },
      }).reasons,
    ).toEqual([
      'the broker connection is reconnecting',
      'endpoint "tickets" is not consuming',
      'publishing fails (1 in a row): nack',
      'the store is unreachable: down',
    ]);
  });
});
