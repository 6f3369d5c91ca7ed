import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConsoleLogger, redactUrl, silentLogger } from '../../src/index.js';

describe('redactUrl', () => {
  it.each([
    ['amqp://guest:secret@localhost:5672/vhost', 'amqp://guest:***@localhost:5672/vhost'],
    ['postgres://app:p%40ss:word@db.internal/app', 'postgres://app:***@db.internal/app'],
    ['Endpoint=sb://x/;SharedAccessKey=abc', 'Endpoint=sb://x/;SharedAccessKey=abc'],
    ['amqp://localhost:5672', 'amqp://localhost:5672'],
    ['postgres://app@db/app', 'postgres://app@db/app'],
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted);
  });

  it('never leaves the password in the output', () => {
    const url = 'amqps://service-user:Very$ecret-123@broker.example.com:5671/prod';
    expect(redactUrl(url)).not.toContain('Very$ecret-123');
  });
});

// Known gaps in redactUrl (reported; logger.ts line "return url.replace(...)"): remove `.fails` once fixed.
describe('redactUrl gaps', () => {
  it('redacts every URL of a string, not only the first (two brokers in one message)', () => {
    expect(redactUrl('amqp://a:first-pw@h1 then amqp://b:second-pw@h2')).not.toContain('second-pw');
  });

  it('redacts a password with an unencoded "@" entirely (URL parsers split at the last "@")', () => {
    expect(redactUrl('amqp://user:p@ss@host/vhost')).toBe('amqp://user:***@host/vhost');
  });
});

describe('createConsoleLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const capture = () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    return () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  };

  it('writes one JSON line per entry at or above its level, with base fields and errors expanded', () => {
    const entries = capture();
    const logger = createConsoleLogger('warn', { service: 'desk' });
    logger.info({ ignored: true }, 'below the level');
    logger.warn({ endpoint: 'tickets' }, 'slow handler');
    logger.error({ err: new TypeError('bad') }, 'failed');
    const [warn, error] = entries();
    expect(entries()).toHaveLength(2);
    expect(warn).toMatchObject({ level: 'warn', service: 'desk', endpoint: 'tickets', msg: 'slow handler' });
    expect(Number.isNaN(Date.parse(String(warn!.time)))).toBe(false);
    expect(error).toMatchObject({ level: 'error', err: { name: 'TypeError', message: 'bad' } });
  });

  it('writes nothing at level silent, and the silent logger neither', () => {
    const entries = capture();
    createConsoleLogger('silent').error({}, 'never');
    silentLogger.error({}, 'never');
    expect(entries()).toEqual([]);
  });
});
