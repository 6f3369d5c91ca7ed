import { ConfigurationError } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import { LazyKafkaClient, missingPackageError } from '../src/client/lazy-kafka-client.js';
import { KAFKAJS_PACKAGE, KafkaTransport, PLATFORMATIC_PACKAGE } from '../src/kafka-transport.js';
import { resolveKafkaOptions } from '../src/kafka-transport-options.js';

// A package that is certainly not installed: importing it fails as importing a missing @platformatic/kafka would.
const ABSENT = {
  name: '@pragmatic-messaging/absent-kafka-client',
  install: 'npm install absent-kafka-client',
};

describe('a client library that is not installed', () => {
  it('fails connect() with a ConfigurationError naming the package and how to install it', async () => {
    const specifier: string = ABSENT.name;
    const client = new LazyKafkaClient(() => import(/* @vite-ignore */ specifier), ABSENT);
    const transport = new KafkaTransport({ brokers: '127.0.0.1:1' }, client);

    const failure = await transport.connect().then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(ConfigurationError);
    expect((failure as Error).message).toContain(ABSENT.name);
    expect((failure as Error).message).toContain(`\`${ABSENT.install}\``);
    // Installing the package is what helps, not trying again: the bus must not retry this connect.
    expect(transport.health().status).toBe('failed');
    await transport.close();
  });

  it.each([
    ['@platformatic/kafka', PLATFORMATIC_PACKAGE, 'npm install @platformatic/kafka@^1.35.0'],
    ['kafkajs', KAFKAJS_PACKAGE, 'npm install kafkajs@^2.2.4'],
  ])('names %s and its install command', (name, library, install) => {
    const notFound = Object.assign(new Error(`Cannot find package '${name}' imported from x.js`), {
      code: 'ERR_MODULE_NOT_FOUND',
    });

    const error = missingPackageError(notFound, library);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(`\`${install}\``);
  });

  it('runs on @platformatic/kafka unless kafkajs is asked for', () => {
    expect(resolveKafkaOptions({ brokers: '127.0.0.1:1' }).client).toBe('platformatic');
    expect(resolveKafkaOptions({ brokers: '127.0.0.1:1', client: 'kafkajs' }).client).toBe('kafkajs');
  });

  it('passes any other load failure on as it is (a broken install is not a missing one)', () => {
    const broken = Object.assign(new Error("Cannot find module './dist/index.js' in some-other-package"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const crashed = new TypeError('Promise.withResolvers is not a function');

    expect(missingPackageError(broken, PLATFORMATIC_PACKAGE)).toBe(broken);
    expect(missingPackageError(crashed, PLATFORMATIC_PACKAGE)).toBe(crashed);
  });

  it('is not loaded before connect(): creating the transport needs no client library', () => {
    let loads = 0;
    const client = new LazyKafkaClient(async () => {
      loads++;
      throw new Error('not reached');
    }, ABSENT);
    new KafkaTransport({ brokers: '127.0.0.1:1' }, client);
    expect(loads).toBe(0);
  });
});
