import { ConfigurationError } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import { resolveRabbitMqOptions } from '../src/rabbitmq-transport-options.js';

describe('RabbitMQ transport options', () => {
  it('applies credentials and vhost overrides to every URL', () => {
    const resolved = resolveRabbitMqOptions(
      {
        url: ['amqps://old:old@node-1.example:5671/a', 'amqps://node-2.example:5671'],
        username: 'svc',
        password: 'p@ss/word',
        vhost: 'tickets/prod',
      },
      'abc',
    );
    expect(resolved.urls).toEqual([
      'amqps://svc:p%40ss%2Fword@node-1.example:5671/tickets%2Fprod',
      'amqps://svc:p%40ss%2Fword@node-2.example:5671/tickets%2Fprod',
    ]);
    expect(resolved.connectionName).toBe('pragmatic-messaging#abc');
  });

  it('defaults to classic queues, no prefix, 30 s heartbeats and unlimited reconnects', () => {
    const resolved = resolveRabbitMqOptions({ url: 'amqp://localhost', connectionName: 'billing' }, 'x1');
    expect(resolved).toMatchObject({
      queueType: 'classic',
      prefix: '',
      heartbeatSeconds: 30,
      connectionName: 'billing#x1',
      publishTimeoutMs: 30_000,
      reconnect: { initialDelayMs: 100, maxDelayMs: 10_000, maxAttempts: Number.POSITIVE_INFINITY },
    });
  });

  it('rejects a malformed URL without echoing it (it may hold a password)', () => {
    const failureOf = (url: string) => {
      try {
        resolveRabbitMqOptions({ url }, 'x');
      } catch (error) {
        return error as Error;
      }
      throw new Error(`expected ${url} to be refused`);
    };
    for (const url of ['amqp://user:secret@', 'http://user:secret@host']) {
      const error = failureOf(url);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).not.toContain('secret');
    }
    expect(failureOf('http://user:secret@host').message).toMatch(/must start with amqp:\/\/ or amqps:\/\//);
    expect(() => resolveRabbitMqOptions({ url: 'amqp://h', queueType: 'stream' as 'classic' }, 'x')).toThrow(
      /queueType must be "classic" or "quorum"/,
    );
  });
});
