import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type StartupProgress,
  type StartupSettings,
  untilAvailable,
} from '../../src/bus/start-until-available.js';
import { BrokerUnavailableError, ConfigurationError, LifecycleError } from '../../src/index.js';
import { recordingLogger } from '../support/recording-logger.js';

const START = 1_000_000;

/** Settings as the bus makes them, with a stop the test can pull and every progress report kept. */
function startup(overrides: Partial<StartupSettings> = {}) {
  const progress: (StartupProgress | undefined)[] = [];
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let isStopped = false;
  const logger = recordingLogger();
  const settings: StartupSettings = {
    deadline: START + 60_000,
    backoffMs: { initial: 200, max: 10_000 },
    logger,
    onProgress: (report) => progress.push(report),
    stopped,
    isStopped: () => isStopped,
    ...overrides,
  };
  return {
    settings,
    progress,
    logger,
    stop: () => {
      isStopped = true;
      stop();
    },
  };
}

/** An operation that fails with `errors` in turn, then resolves to "ready"; records when each try started. */
function failingThen(...errors: unknown[]) {
  const triedAt: number[] = [];
  const operation = async () => {
    triedAt.push(Date.now() - START);
    if (triedAt.length <= errors.length) throw errors[triedAt.length - 1];
    return 'ready';
  };
  return { operation, triedAt };
}

const unavailable = (text = 'connect ECONNREFUSED') => new BrokerUnavailableError(text);

describe('start retries a step until it succeeds, or must give up', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
    // No jitter: each delay is the whole exponential step (the jitter is tested on its own below).
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('a step that works at once reports it is on it, then nothing, and gives its result', async () => {
    const { settings, progress, logger } = startup();
    await expect(untilAvailable('connect to the broker', async () => 42, settings)).resolves.toBe(42);
    expect(progress).toEqual([{ step: 'connect to the broker', attempt: 1 }, undefined]);
    expect(logger.entries).toEqual([]);
  });

  it('a step that fails while retrying can help is retried with doubling delays, each failure reported', async () => {
    const { settings, progress, logger } = startup();
    const { operation, triedAt } = failingThen(
      unavailable('refused 1'),
      unavailable('refused 2'),
      'refused 3',
    );
    const result = untilAvailable('connect to the broker', operation, settings);
    await vi.advanceTimersByTimeAsync(200 + 400 + 800);
    await expect(result).resolves.toBe('ready');

    expect(triedAt).toEqual([0, 200, 600, 1_400]);
    expect(progress).toEqual([
      { step: 'connect to the broker', attempt: 1 },
      { step: 'connect to the broker', attempt: 1, lastError: 'refused 1' },
      { step: 'connect to the broker', attempt: 2 },
      { step: 'connect to the broker', attempt: 2, lastError: 'refused 2' },
      { step: 'connect to the broker', attempt: 3 },
      // Something thrown that is not an Error is reported as text.
      { step: 'connect to the broker', attempt: 3, lastError: 'refused 3' },
      { step: 'connect to the broker', attempt: 4 },
      undefined,
    ]);
    expect(logger.entries.map(({ level, message, fields }) => ({ level, message, fields }))).toEqual(
      [1, 2, 3].map((attempt) => ({
        level: 'warn',
        message: 'Could not connect to the broker; retrying',
        fields: {
          step: 'connect to the broker',
          attempt,
          retryInMs: 200 * 2 ** (attempt - 1),
          err: attempt === 3 ? 'refused 3' : expect.any(BrokerUnavailableError),
        },
      })),
    );
  });

  it('the delay stops growing at the maximum', async () => {
    const { settings } = startup({ backoffMs: { initial: 200, max: 500 } });
    const { operation, triedAt } = failingThen(unavailable(), unavailable(), unavailable(), unavailable());
    const result = untilAvailable('provision the topology', operation, settings);
    await vi.advanceTimersByTimeAsync(200 + 400 + 500 + 500);
    await expect(result).resolves.toBe('ready');
    expect(triedAt).toEqual([0, 200, 600, 1_100, 1_600]);
  });

  it('without a maximum, the doubling itself stops after twenty steps', async () => {
    const { settings } = startup({
      deadline: Number.POSITIVE_INFINITY,
      backoffMs: { initial: 1, max: Infinity },
    });
    const errors = Array.from({ length: 23 }, () => unavailable());
    const { operation, triedAt } = failingThen(...errors);
    const result = untilAvailable('connect to the broker', operation, settings);
    await vi.advanceTimersByTimeAsync(2 ** 22);
    await expect(result).resolves.toBe('ready');
    const gaps = triedAt.slice(1).map((at, index) => at - triedAt[index]!);
    expect(gaps.slice(0, 3)).toEqual([1, 2, 4]);
    expect(gaps.slice(19)).toEqual([2 ** 19, 2 ** 20, 2 ** 20, 2 ** 20]);
  });

  it('each delay is jittered between half and all of its step', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const low = startup();
    const first = failingThen(unavailable(), unavailable());
    const lowResult = untilAvailable('connect to the broker', first.operation, low.settings);
    await vi.advanceTimersByTimeAsync(100 + 200);
    await expect(lowResult).resolves.toBe('ready');
    expect(first.triedAt).toEqual([0, 100, 300]);

    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const middle = startup({ deadline: Date.now() + 60_000 });
    const second = failingThen(unavailable());
    const before = Date.now() - START;
    const middleResult = untilAvailable('connect to the broker', second.operation, middle.settings);
    await vi.advanceTimersByTimeAsync(150);
    await expect(middleResult).resolves.toBe('ready');
    expect(second.triedAt.map((at) => at - before)).toEqual([0, 150]);
  });

  it('an error retrying cannot fix ends the wait at once, with that error', async () => {
    const { settings, progress, logger } = startup();
    const refused = new ConfigurationError('ACCESS_REFUSED: wrong credentials');
    const { operation, triedAt } = failingThen(refused);
    await expect(untilAvailable('connect to the broker', operation, settings)).rejects.toBe(refused);
    expect(triedAt).toEqual([0]);
    expect(progress).toEqual([{ step: 'connect to the broker', attempt: 1 }]);
    expect(logger.entries).toEqual([]);
  });

  it('gives up with the last error when the next try would start after the deadline', async () => {
    const { settings } = startup({ deadline: START + 200 + 400 - 1 });
    const last = unavailable('still refused');
    const { operation, triedAt } = failingThen(unavailable(), last, unavailable());
    const result = untilAvailable('connect to the broker', operation, settings);
    const outcome = expect(result).rejects.toBe(last);
    await vi.advanceTimersByTimeAsync(200);
    await outcome;
    expect(triedAt).toEqual([0, 200]);
  });

  it('a try that would start exactly at the deadline still happens', async () => {
    const { settings } = startup({ deadline: START + 200 });
    const { operation, triedAt } = failingThen(unavailable());
    const result = untilAvailable('connect to the broker', operation, settings);
    await vi.advanceTimersByTimeAsync(200);
    await expect(result).resolves.toBe('ready');
    expect(triedAt).toEqual([0, 200]);
  });

  it('a step is not tried once stop() was called', async () => {
    const control = startup();
    control.stop();
    const { operation, triedAt } = failingThen();
    await expect(untilAvailable('start consuming "tickets"', operation, control.settings)).rejects.toThrow(
      new LifecycleError('stop() was called while trying to start consuming "tickets"'),
    );
    expect(triedAt).toEqual([]);
    expect(control.progress).toEqual([]);
  });

  it('a failure after stop() was called is not retried: it ends the wait with that error', async () => {
    const control = startup();
    const failure = unavailable('refused during stop');
    const operation = async () => {
      control.stop();
      throw failure;
    };
    await expect(untilAvailable('connect to the broker', operation, control.settings)).rejects.toBe(failure);
    expect(control.logger.entries).toEqual([]);
  });

  it('stop() ends the wait between tries at once, and leaves no timer behind', async () => {
    const control = startup({ backoffMs: { initial: 10_000, max: 10_000 } });
    const { operation, triedAt } = failingThen(unavailable(), unavailable());
    const result = untilAvailable('connect to the broker', operation, control.settings);
    const outcome = expect(result).rejects.toThrow(LifecycleError);
    await vi.advanceTimersByTimeAsync(1_000);
    control.stop();
    await outcome;
    expect(Date.now() - START).toBe(1_000);
    expect(triedAt).toEqual([0]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
