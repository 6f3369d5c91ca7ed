/**
 * The logger the toolkit writes to. pino's and bunyan's loggers fit as they are (fields first, then message).
 * The default is silent: a library should not write to your stdout unless asked.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const noop = () => {};

export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * A minimal structured logger writing one JSON line per entry to stderr, for when no pino is at hand.
 * Entries below `level` are dropped.
 */
export function createConsoleLogger(level: LogLevel = 'info', base: Record<string, unknown> = {}): Logger {
  const threshold = LEVELS.indexOf(level);
  const write =
    (entryLevel: Exclude<LogLevel, 'silent'>) =>
    (fields: Record<string, unknown>, message: string): void => {
      if (LEVELS.indexOf(entryLevel) < threshold) return;
      const entry = { level: entryLevel, time: new Date().toISOString(), ...base, ...fields, msg: message };
      process.stderr.write(`${JSON.stringify(entry, errorAwareReplacer)}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function errorAwareReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** Passwords in connection URLs must never reach a log line or an error message. */
export function redactUrl(url: string): string {
  // Up to the last "@" of each URL: an unencoded "@" in a password must not leak the rest of it.
  return url.replace(/(\/\/[^:/@\s]+:)\S*@/g, '$1***@');
}
