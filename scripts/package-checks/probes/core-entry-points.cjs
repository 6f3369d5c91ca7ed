// Loads every entry point of the packed core through `load` (require or import) and checks, as an application
// would notice it, that they share one copy of every class. Run by check-packages in a scratch project.
const assert = require('node:assert/strict');

const SUBPATHS = ['', '/testing', '/conformance', '/decorators', '/rx'];

async function loadAll(load, format) {
  const modules = {};
  for (const subpath of SUBPATHS) {
    const specifier = `@pragmatic-messaging/core${subpath}`;
    if (subpath === '/conformance' && format === 'require') {
      // The suite runs under vitest, which cannot be require()d at all; vitest's own error must reach the user.
      await assert.rejects(async () => load(specifier), /Vitest cannot be imported in a CommonJS module/);
      continue;
    }
    modules[subpath || '.'] = await load(specifier);
  }
  return modules;
}

const schema = {
  '~standard': {
    version: 1,
    vendor: 'probe',
    validate: (value) =>
      typeof value?.id === 'string' ? { value } : { issues: [{ message: 'id must be a string' }] },
  },
};

async function probeCoreEntryPoints(load, format) {
  const {
    '.': core,
    '/testing': testing,
    '/conformance': conformance,
    '/decorators': decorators,
    '/rx': rx,
  } = await loadAll(load, format);
  const { firstValueFrom, filter, take, toArray } = await load('rxjs');

  const bus = testing.createTestMessaging();
  assert.ok(
    bus instanceof core.Messaging,
    'createTestMessaging() from /testing is not an instanceof Messaging',
  );
  await assert.rejects(
    bus.publish(core.defineMessage({ type: 'x', topic: 'x', schema }), { id: '1' }),
    (error) => {
      assert.ok(
        error instanceof core.LifecycleError,
        'a bus from /testing throws a LifecycleError of another copy',
      );
      return error instanceof core.MessagingError;
    },
  );
  assert.throws(
    () => decorators.registerHandlers(testing.createTestMessaging().endpoint('nothing'), {}),
    (error) => error instanceof core.ConfigurationError,
    'registerHandlers from /decorators throws a ConfigurationError of another copy',
  );
  if (conformance) {
    assert.equal(typeof conformance.describeTransportConformance, 'function');
    const sample = core.defineMessage({ type: 'sample', topic: 'sample', schema: conformance.sampleSchema });
    await assert.rejects(
      core.validateMessage(sample, { id: 1 }),
      (error) => error instanceof core.ValidationError,
    );
  }

  // The behaviour the duplicate copies broke: a NonRetryableError from a handler on the testing bus is
  // dead-lettered at once, on the first try — not retried as an unknown error would be.
  const Ping = core.defineMessage({ type: 'probe.ping', topic: 'probe', schema });
  let runs = 0;
  bus.endpoint('probe').on(Ping, () => {
    runs++;
    throw new core.NonRetryableError('cannot ever work');
  });
  class Audit {
    seen = [];
    record(message) {
      this.seen.push(message.id);
    }
  }
  const method = Object.getOwnPropertyDescriptor(Audit.prototype, 'record');
  decorators.Handles(Ping)(Audit.prototype, 'record', method); // what TypeScript's legacy decorators emit
  const audit = new Audit();
  decorators.registerHandlers(bus.endpoint('audit'), audit);

  const harness = testing.createTestHarness(bus);
  const outcomes = firstValueFrom(
    rx.observeBus(bus).pipe(
      rx.ofKind('handled', 'dead-lettered'),
      filter((event) => event.type === 'probe.ping'),
      take(2),
      toArray(),
    ),
  );
  await bus.start();
  try {
    await bus.publish(Ping, { id: 'p-1' });
    const [deadLetter] = await harness.deadLettered(Ping);
    assert.ok(deadLetter.error instanceof core.NonRetryableError);
    assert.equal(runs, 1, `the handler ran ${runs} times; a NonRetryableError must not be retried`);
    assert.equal(harness.recorded('retry-scheduled', Ping).length, 0, 'a NonRetryableError was retried');
    const letters = await bus.deadLetters('probe').list();
    assert.deepEqual(
      letters.map((letter) => [letter.message.type, letter.failure.reason, letter.failure.attempts]),
      [['probe.ping', 'NON_RETRYABLE', 1]],
    );
    assert.deepEqual((await outcomes).map((event) => `${event.kind} ${event.endpoint}`).sort(), [
      'dead-lettered probe',
      'handled audit',
    ]);
    assert.deepEqual(audit.seen, ['p-1']);
  } finally {
    await bus.stop();
  }
}

module.exports = { probeCoreEntryPoints };
