import { describe, expect, it } from 'vitest';
import { type ConsumeContext, composeMiddleware, createMemoryStore } from '../../src/index.js';
import { inboxStep } from '../../src/reliability/inbox-step.js';
import { unitOfWorkStep } from '../../src/reliability/unit-of-work-step.js';
import { consumeContextFor } from '../support/consume-context.js';
import { recordingLogger } from '../support/recording-logger.js';

/** Unit of work → inbox → handler, as the bus composes them for a transactional endpoint with an inbox. */
function endpointWithInbox(handler: (context: ConsumeContext) => Promise<void> = async () => {}) {
  const store = createMemoryStore();
  const handled: string[] = [];
  const run = composeMiddleware([unitOfWorkStep(store, () => {}), inboxStep], async (context) => {
    await handler(context);
    handled.push(`${context.endpoint}/${context.envelope.id}`);
  });
  return { run, handled };
}

describe('the inbox skips a message the endpoint already processed', () => {
  it('the first delivery runs the handler; a second delivery of that id is skipped as a duplicate, and logged', async () => {
    const { run, handled } = endpointWithInbox();
    const logger = recordingLogger();
    const first = consumeContextFor({ id: 'm-1' }, { logger });
    await run(first);
    expect(first.skipped).toBeUndefined();
    expect(logger.entries).toEqual([]);

    const again = consumeContextFor({ id: 'm-1', type: 'tickets.ticket-created' }, { logger });
    await run(again);
    expect(again.skipped).toEqual({ reason: 'duplicate' });
    expect(handled).toEqual(['ticket-log/m-1']);
    expect(logger.entries).toEqual([
      {
        level: 'debug',
        fields: { endpoint: 'ticket-log', messageId: 'm-1', type: 'tickets.ticket-created' },
        message: 'Duplicate message skipped',
      },
    ]);
  });

  it('the record is per endpoint: another endpoint handles the same message', async () => {
    const { run, handled } = endpointWithInbox();
    await run(consumeContextFor({ id: 'm-1' }, { endpoint: 'ticket-log' }));
    await run(consumeContextFor({ id: 'm-1' }, { endpoint: 'billing' }));
    expect(handled).toEqual(['ticket-log/m-1', 'billing/m-1']);
  });

  it('a handler that fails leaves no record, so the retry runs it again', async () => {
    let runs = 0;
    const { run, handled } = endpointWithInbox(async () => {
      runs++;
      if (runs === 1) throw new Error('the handler failed');
    });
    await expect(run(consumeContextFor({ id: 'm-1' }))).rejects.toThrow('the handler failed');
    const retry = consumeContextFor({ id: 'm-1' });
    await run(retry);
    expect(retry.skipped).toBeUndefined();
    expect(handled).toEqual(['ticket-log/m-1']);
  });
});
