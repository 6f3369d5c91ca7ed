import { afterEach, describe, expect, it } from 'vitest';
import { createTestHarness } from '../../src/entries/testing.js';
import {
  createInMemoryTransport,
  createMessaging,
  defineMessage,
  type Messaging,
  type StandardSchemaV1,
  ValidationError,
} from '../../src/index.js';
import { spyOnSends } from '../support/spy-on-sends.js';

/** A schema that answers only later (as one checking a remote registry would), and trims the title it returns. */
const laterSchema: StandardSchemaV1<{ title: string }, { title: string }> = {
  '~standard': {
    version: 1,
    vendor: 'tests',
    validate: async (value) => {
      await new Promise((resolve) => setImmediate(resolve));
      const title = (value as { title?: unknown }).title;
      if (typeof title !== 'string' || title.trim() === '') {
        return { issues: [{ message: 'a title is required', path: ['title'] }] };
      }
      return { value: { title: title.trim() } };
    },
  },
};

const NoteTaken = defineMessage({
  type: 'notes.note-taken',
  topic: 'notes',
  schema: laterSchema,
  // Throws on a message without a title: it must only ever see validated messages.
  key: (note) => note.title.trim(),
});

const buses: Messaging[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.stop()));
});

function bus() {
  const transport = createInMemoryTransport();
  const sent = spyOnSends(transport);
  const messaging = createMessaging({ service: 'notes', transport, retry: { immediate: 0, delays: [] } });
  buses.push(messaging);
  return { messaging, sent };
}

describe('a schema that validates asynchronously', () => {
  it('is awaited before the key function and publishing: an invalid message rejects and nothing is sent', async () => {
    const { messaging, sent } = bus();
    messaging.endpoint('notes').on(NoteTaken, () => {});
    await messaging.start();

    const error = await messaging
      .publish(NoteTaken, {} as { title: string })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ message: 'a title is required', path: 'title' }]);
    expect(sent).toEqual([]);
  });

  it('is awaited before handling: the handler gets the schema output', async () => {
    const { messaging, sent } = bus();
    const handled: unknown[] = [];
    messaging.endpoint('notes').on(NoteTaken, (note) => {
      handled.push(note);
    });
    const harness = createTestHarness(messaging);
    await messaging.start();

    await messaging.publish(NoteTaken, { title: ' groceries ' });
    await harness.handled(NoteTaken);

    expect(sent.map((message) => message.key)).toEqual(['groceries']);
    expect(handled).toEqual([{ title: 'groceries' }]);
  });
});
