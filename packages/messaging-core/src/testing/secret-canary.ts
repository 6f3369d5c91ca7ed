import type { Logger } from '../observability/logger.js';

/**
 * A secret that must never be seen: give it to a transport as its password, SAS key or SASL credential, route the
 * transport's logs (every level, debug included) through `logger`, `see()` what else it shows — errors from failed
 * connections (with their causes), health, `describe()` — and expect `leaks()` to be empty.
 */
export class SecretCanary {
  private readonly seen: { where: string; text: string }[] = [];

  readonly logger: Logger = {
    debug: (fields, message) => this.see(`log debug "${message}"`, { message, fields }),
    info: (fields, message) => this.see(`log info "${message}"`, { message, fields }),
    warn: (fields, message) => this.see(`log warn "${message}"`, { message, fields }),
    error: (fields, message) => this.see(`log error "${message}"`, { message, fields }),
  };

  constructor(readonly secret: string) {}

  /** Records what a user could read of `value`: for errors, their message, stack, cause chain and own fields. */
  see(where: string, value: unknown): void {
    this.seen.push({ where, text: textOf(value, new Set()) });
  }

  /** How many things were looked at (so a test can tell "nothing leaked" from "nothing was logged"). */
  get looked(): number {
    return this.seen.length;
  }

  /** Where the secret appeared. */
  leaks(): string[] {
    return this.seen.filter((entry) => entry.text.includes(this.secret)).map((entry) => entry.where);
  }
}

function textOf(value: unknown, visited: Set<unknown>): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return String(value);
  if (visited.has(value)) return '';
  visited.add(value);
  if (value instanceof Error) {
    const own = Object.entries(value).map(([name, field]) => `${name}=${textOf(field, visited)}`);
    return [value.name, value.message, value.stack ?? '', textOf(value.cause, visited), ...own].join('\n');
  }
  if (Array.isArray(value)) return value.map((item) => textOf(item, visited)).join('\n');
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return Object.entries(value)
    .map(([name, field]) => `${name}=${textOf(field, visited)}`)
    .join('\n');
}
