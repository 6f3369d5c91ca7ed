import { expect } from 'vitest';

/** A thin HTTP client for the TicketFlow API, as the UI uses it. */
export class TicketFlowClient {
  constructor(readonly url: string) {}

  async get<Body = unknown>(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Body }> {
    const response = await fetch(`${this.url}${path}`, { headers });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('application/json');
    return { status: response.status, body: (json && text ? JSON.parse(text) : text) as Body };
  }

  async post<Body = unknown>(
    path: string,
    body: unknown = {},
    method = 'POST',
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Body }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body };
  }

  async ok<Body = unknown>(path: string, headers: Record<string, string> = {}): Promise<Body> {
    const { status, body } = await this.get<Body>(path, headers);
    expect(status, `GET ${path}`).toBe(200);
    return body;
  }
}

/** The header a signed-in customer's requests carry (see src/runtime/customer-identity.ts). */
export function asCustomer(email: string): Record<string, string> {
  return { 'x-customer-email': email };
}

/**
 * Waits until an assertion about the system's visible state holds — state that changes as messages flow, with no
 * event to await from outside the process. Re-checks every 50 ms and fails with the last assertion error after
 * `timeoutMs`.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
