/**
 * A middleware is a plain async function around the rest of the pipeline: do something, call `next()` (or
 * not), do something after. Both the produce and the consume pipeline are built from them.
 */
export type Middleware<Context> = (context: Context, next: () => Promise<void>) => Promise<void>;

/** Chain middlewares around a terminal step; the first in the list is the outermost. */
export function composeMiddleware<Context>(
  middlewares: readonly Middleware<Context>[],
  terminal: (context: Context) => Promise<void>,
): (context: Context) => Promise<void> {
  return (context) => {
    const run = (index: number): Promise<void> => {
      const middleware = middlewares[index];
      if (!middleware) return terminal(context);
      let called = false;
      return middleware(context, () => {
        // Calling next twice would run the handler twice with one settlement: a bug worth failing loudly on.
        if (called) return Promise.reject(new Error('A middleware called next() twice'));
        called = true;
        return run(index + 1);
      });
    };
    return run(0);
  };
}
