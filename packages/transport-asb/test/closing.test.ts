import { createMessaging } from '@pragmatic-messaging/core';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger, transportFixture } from './transport-fixture.js';

describe('Azure Service Bus transport: closing', () => {
  let fixture = transportFixture();
  afterEach(async () => {
    await fixture.dispose();
    fixture = transportFixture();
  });

  it('bus.stop() resolves when the SDK client fails to close; the failure is logged and the transport is closed', async () => {
    const logger = recordingLogger();
    const { transport, client } = fixture.create({ logger });
    client.close = async () => {
      throw Object.assign(new Error('The connection was already lost'), {
        code: 'ServiceCommunicationProblem',
      });
    };
    const bus = createMessaging({ service: 'billing', transport });
    await bus.start();

    await expect(bus.stop()).resolves.toBeUndefined();
    expect(transport.health().status).toBe('closed');
    expect(logger.lines.some((line) => line.includes('Closing the Service Bus client failed'))).toBe(true);
    expect(logger.lines.join('\n')).toContain('ServiceCommunicationProblem');
  });
});
