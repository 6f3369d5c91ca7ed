import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { asyncApiFindings } from '../../../../scripts/test-support/asyncapi-validation.js';
import { loadConfig, SERVICE_NAMES, TRANSPORTS } from '../../src/config/ticketflow-config.js';
import { ALL_CONTRACTS } from '../../src/contracts/all-contracts.js';
import { ticketFlowAsyncApi } from '../../src/runtime/declared-buses.js';

const ticketflowRoot = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

// Nothing listens at these addresses: the document is built from declarations, nothing connects.
const env = {
  RABBITMQ_URL: 'amqp://127.0.0.1:1',
  KAFKA_BROKERS: '127.0.0.1:1',
  ASB_CONNECTION_STRING:
    'Endpoint=sb://ticketflow.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=x',
};

describe("TicketFlow's AsyncAPI document", () => {
  it.each(TRANSPORTS)(
    'is valid on the %s transport: no error, no warning from @asyncapi/parser',
    async (transport) => {
      const document = ticketFlowAsyncApi(loadConfig(env, { transport }));
      expect(await asyncApiFindings(document)).toEqual([]);
    },
  );

  it('covers the whole system: every service, the web live feed, every message type with its schema', () => {
    const document = ticketFlowAsyncApi(loadConfig(env, { transport: 'memory' }));
    const services = new Set(
      Object.values(document.operations).flatMap((operation) => operation.tags?.map((tag) => tag.name) ?? []),
    );
    expect([...services].sort()).toEqual([...SERVICE_NAMES, 'web'].sort());
    expect(Object.keys(document.components.messages).sort()).toEqual(
      ALL_CONTRACTS.map((contract) => contract.type).sort(),
    );
    for (const message of Object.values(document.components.messages)) {
      expect(message.description, message.name).not.toContain('not available');
    }
    // The tickets service receives submitted inquiries on its endpoint.
    expect(document.operations['tickets.intake.receives.inquiries']).toMatchObject({
      action: 'receive',
      messages: [{ $ref: '#/channels/endpoint.tickets.intake/messages/inquiries.inquiry-submitted' }],
    });
  });

  it('is printed by `ticketflow asyncapi --transport kafka`, with the Kafka bindings', async () => {
    const { stdout } = await run('npx', ['tsx', 'src/cli.ts', 'asyncapi', '--transport', 'kafka'], {
      cwd: ticketflowRoot,
      env: { ...process.env, ...env },
    });
    const document = JSON.parse(stdout);
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.servers).toEqual({
      kafka: { host: '127.0.0.1:1', protocol: 'kafka', description: 'Kafka bootstrap broker.' },
    });
    expect(document.channels['topic.tickets'].bindings.kafka.topic).toBe('ticketflow.tickets');
  }, 60_000);
});
