import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError, StoreUnavailableError } from '../../src/index.js';
import { ReleasedAtShutdownError } from '../../src/pipeline/released-at-shutdown-error.js';
import { outlastStoreOutages } from '../../src/reliability/outlast-store-outages.js';
import { StoreWatch } from '../../src/reliability/store-watch.js';
import { recordingLogger } from '../support/recording-logger.js';
import { storeWithChecksByHand } from '../support/store-with-checks-by-hand.js';

/** A handling attempt that fails with `errors` in turn, then succeeds; counts its runs. */
function attemptFailing(...errors: Error[]) {
  let runs = 0;
  return {
    runs: () => runs,
    attempt: async () => {
      runs++;
      if (runs <= errors.length) throw errors[runs - 1];
    },
  };
}

function setting() {
  const { store, checks } = storeWithChecksByHand();
  const watch = new StoreWatch(store, 1_000, recordingLogger());
  const outages: StoreUnavailableError[] = [];
  let stop!: () => void;
  const stopping = new Promise<void>((resolve) => {
    stop = resolve;
  });
  /** The store answers a check begun now (what the watch's next tick would do). */
  const storeAnswers = async () => {
    const check = watch.check();
    checks.at(-1)!.answer();
    await check;
  };
  return {
    watch,
    outages,
    stopping,
    stop,
    storeAnswers,
    onOutage: (error: StoreUnavailableError) => outages.push(error),
  };
}

/** Lets the queued promise callbacks run. */
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('a delivery outlasts a store outage, unless the bus stops', () => {
  it('an attempt that works runs once', async () => {
    const { watch, stopping, onOutage, outages } = setting();
    const handling = attemptFailing();
    await outlastStoreOutages(handling.attempt, watch, stopping, onOutage);
    expect(handling.runs()).toBe(1);
    expect(outages).toEqual([]);
  });

  it("any other failure ends the attempt with that error: retries are the pipeline's business", async () => {
    const { watch, stopping, onOutage, outages } = setting();
    const failure = new BrokerUnavailableError('the broker is gone too');
    const handling = attemptFailing(failure);
    await expect(outlastStoreOutages(handling.attempt, watch, stopping, onOutage)).rejects.toBe(failure);
    expect(handling.runs()).toBe(1);
    expect(outages).toEqual([]);
  });

  it('an attempt that finds the store unreachable waits until it answers, then runs again, each outage reported', async () => {
    const { watch, stopping, onOutage, outages, storeAnswers } = setting();
    const first = new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED');
    const second = new StoreUnavailableError('PostgreSQL is unavailable: the database system is starting up');
    const handling = attemptFailing(first, second);
    let done = false;
    const outcome = outlastStoreOutages(handling.attempt, watch, stopping, onOutage).then(() => {
      done = true;
    });
    await turn();
    expect(handling.runs()).toBe(1);
    expect(outages).toEqual([first]);

    await storeAnswers();
    await turn();
    expect(handling.runs()).toBe(2);
    expect(outages).toEqual([first, second]);
    expect(done).toBe(false);

    await storeAnswers();
    await outcome;
    expect(handling.runs()).toBe(3);
  });

  it('a stop while it waits gives the delivery back: ReleasedAtShutdownError, not a retry', async () => {
    const { watch, stopping, stop, onOutage } = setting();
    const outage = new StoreUnavailableError('PostgreSQL is unavailable: connect ECONNREFUSED');
    const handling = attemptFailing(outage);
    const outcome = outlastStoreOutages(handling.attempt, watch, stopping, onOutage);
    stop();
    const error = await outcome.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ReleasedAtShutdownError);
    expect(error).toMatchObject({
      code: 'RELEASED_AT_SHUTDOWN',
      retryable: false,
      message: 'Given back to the broker at shutdown: PostgreSQL is unavailable: connect ECONNREFUSED',
    });
    expect(handling.runs()).toBe(1);
  });
});
