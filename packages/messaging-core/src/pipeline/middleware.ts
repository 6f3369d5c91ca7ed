/**
 * A middleware is a plain async function around the rest of the pipeline: do something, call `next()` (or
 * not), do something after. Both the produce and the consume pipeline are built from them.
 */
export type Middleware<Context> = (context: Context, next: () => Promise<void>) => Promise<void>;

/**
 * Chain middlewares around a terminal step; the first in the list is the outermost. The chain is composed once:
 * per call, each middleware costs only its `next`. Without middlewares the terminal itself is returned.
 */
export function composeMiddleware<Context>(
  middlewares: readonly Middleware<Context>[],
  terminal: (context: Context) => Promise<void>,
): (context: Context) => Promise<void> {
  let chain = terminal;
  for (let index = middlewares.length - 1; index >= 0; index--) {
    chain = around(middlewares[index]!, chain);
  }
  return chain;
}

function around<Context>(
  middleware: Middleware<Context>,
  rest: (context: Context) => Promise<void>,
): (context: Context) => Promise<void> {
  return (context) => {
    let called = false;
    return middleware(context, () => {
      // Calling next twice would run the handler twice with one settlement: a bug worth failing loudly on.
      if (called) return Promise.reject(new Error('A middleware called next() twice'));
      called = true;
      // next() always returns a promise: a step that throws before its first await is a rejection here too.
      try {
        return rest(context);
      } catch (error) {
        return Promise.reject(error);
      }
    });
  };
}
