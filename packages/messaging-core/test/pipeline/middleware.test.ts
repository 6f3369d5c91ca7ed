import { describe, expect, it } from 'vitest';
import { composeMiddleware, type Middleware } from '../../src/index.js';

type Trail = string[];

const step =
  (name: string): Middleware<Trail> =>
  async (trail, next) => {
    trail.push(`${name}:before`);
    await next();
    trail.push(`${name}:after`);
  };

describe('composeMiddleware', () => {
  it('runs the first middleware outermost, around the terminal step', async () => {
    const run = composeMiddleware([step('a'), step('b')], async (trail) => {
      trail.push('terminal');
    });
    const trail: Trail = [];
    await run(trail);
    expect(trail).toEqual(['a:before', 'b:before', 'terminal', 'b:after', 'a:after']);
  });

  it('lets a middleware short-circuit: later steps and the terminal do not run', async () => {
    const stop: Middleware<Trail> = async (trail) => {
      trail.push('stop');
    };
    const run = composeMiddleware([step('a'), stop, step('never')], async (trail) => {
      trail.push('terminal');
    });
    const trail: Trail = [];
    await run(trail);
    expect(trail).toEqual(['a:before', 'stop', 'a:after']);
  });

  it('rejects a second next() call and runs the rest of the chain only once', async () => {
    let terminalRuns = 0;
    const twice: Middleware<Trail> = async (_trail, next) => {
      await next();
      await next();
    };
    const run = composeMiddleware([twice], async () => {
      terminalRuns++;
    });
    await expect(run([])).rejects.toThrow('A middleware called next() twice');
    expect(terminalRuns).toBe(1);
  });

  it('propagates an error of the terminal step through every middleware', async () => {
    const seen: unknown[] = [];
    const observe: Middleware<Trail> = async (_trail, next) => {
      try {
        await next();
      } catch (error) {
        seen.push(error);
        throw error;
      }
    };
    const boom = new Error('terminal failed');
    const run = composeMiddleware([observe, observe], async () => {
      throw boom;
    });
    await expect(run([])).rejects.toBe(boom);
    expect(seen).toEqual([boom, boom]);
  });

  it('reuses the composed chain: every call starts from the first middleware', async () => {
    const run = composeMiddleware([step('a')], async (trail) => {
      trail.push('terminal');
    });
    const first: Trail = [];
    const second: Trail = [];
    await run(first);
    await run(second);
    expect(second).toEqual(first);
  });
});

describe('composeMiddleware: next()', () => {
  it('rejects, never throws, when the rest of the chain fails before its first await', async () => {
    const boom = new Error('failed at once');
    const seen: unknown[] = [];
    const catching: Middleware<Trail> = (_trail, next) =>
      next().catch((error: unknown) => {
        seen.push(error);
      });
    const run = composeMiddleware([catching], () => {
      throw boom;
    });
    await run([]);
    expect(seen).toEqual([boom]);
  });

  it('calls the terminal with the context it was given, also without middleware', async () => {
    const contexts: Trail[] = [];
    const trail: Trail = [];
    await composeMiddleware([], async (context: Trail) => {
      contexts.push(context);
    })(trail);
    expect(contexts[0]).toBe(trail);
  });
});
