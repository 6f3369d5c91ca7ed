import { ConfigurationError } from '@pragmatic-messaging/core';
import { describe, expect, it } from 'vitest';
import { LazyKafkaClient, missingPackageError } from '../src/client/lazy-kafka-client.js';
import { KafkaTransport, PLATFORMATIC_PACKAGE } from '../src/kafka-transport.js';

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

  it('names @platformatic/kafka and its install command for the platformatic client', () => {
    const notFound = Object.assign(
      new Error("Cannot find package '@platformatic/kafka' imported from x.js"),
      {
        code: 'ERR_MODULE_NOT_FOUND',
      },
    );

    const error = missingPackageError(notFound, PLATFORMATIC_PACKAGE);

    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('npm install @platformatic/kafka');
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
