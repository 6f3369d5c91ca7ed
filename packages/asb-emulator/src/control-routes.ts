import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceBusEmulator } from './service-bus-emulator.js';

const PREFIX = '/$emulator/';

/**
 * Test controls on the HTTPS port, for tests in other processes than the emulator (CI starts it with
 * scripts/services.sh): list client connections, and cut them as a network failure would.
 *
 *   GET  /$emulator/connections                       → [{ id, containerId, userAgent }]
 *   POST /$emulator/connections/drop  {"userAgentContains": "…"}  → { dropped }
 */
export class ControlRoutes {
  constructor(private readonly emulator: ServiceBusEmulator) {}

  handles(request: IncomingMessage): boolean {
    return (request.url ?? '').startsWith(PREFIX);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'https://emulator').pathname.slice(PREFIX.length);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && path === 'connections') return reply(200, this.emulator.connections());
    if (request.method === 'POST' && path === 'connections/drop') {
      const text = Buffer.concat(chunks).toString('utf8');
      const filter = text ? (JSON.parse(text) as { userAgentContains?: string }) : {};
      return reply(200, { dropped: this.emulator.dropConnections(filter) });
    }
    reply(404, { error: `No emulator control at ${request.method} ${path}` });
  }
}
