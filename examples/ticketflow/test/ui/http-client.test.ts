import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../ui/src/api/api-error';
import { getJson, sendJson } from '../../ui/src/api/http-client';

// A real HTTP server answering like the TicketFlow API does on errors.
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/api/conflict') {
      response.writeHead(409, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Only a qualified ticket can be blocked.' }));
    } else if (request.url === '/api/plain') {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('Bad gateway from proxy');
    } else if (request.url?.startsWith('/api/echo')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ method: request.method, url: request.url }));
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('API client errors are readable', () => {
  it("shows the API's { message } and keeps status and route", async () => {
    const failure = await sendJson('POST', `${base}/api/conflict`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 409,
      message: 'Only a qualified ticket can be blocked.',
      route: `POST ${base}/api/conflict`,
    });
  });

  it('falls back to the plain text body, then to the status line', async () => {
    await expect(getJson(`${base}/api/plain`)).rejects.toThrow('Bad gateway from proxy');
    await expect(getJson(`${base}/api/missing`)).rejects.toThrow('404 Not Found');
  });

  it('names the route when the API cannot be reached', async () => {
    await expect(getJson('http://127.0.0.1:1/api/tickets')).rejects.toThrow(
      /Cannot reach the TicketFlow API \(GET http:\/\/127\.0\.0\.1:1\/api\/tickets\)/,
    );
  });

  it('drops empty query values', async () => {
    const echoed = await getJson<{ url: string }>(`${base}/api/echo`, {
      page: 2,
      status: '',
      agentId: undefined,
    });
    expect(echoed.url).toBe('/api/echo?page=2');
  });
});
