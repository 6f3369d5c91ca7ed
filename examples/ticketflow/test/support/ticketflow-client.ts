import { expect } from 'vitest';

export interface HttpAnswer<Body> {
  readonly status: number;
  readonly body: Body;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A thin HTTP client for the TicketFlow API, as the UI uses it: JSON in, JSON (or text) out. */
export class TicketFlowClient {
  constructor(readonly url: string) {}

  /** Any call; a JSON answer is parsed, any other is returned as text. */
  async request<Body = unknown>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<Body>> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('application/json');
    return { status: response.status, body: (json && text ? JSON.parse(text) : text || undefined) as Body };
  }

  get<Body = unknown>(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer<Body>> {
    return this.request<Body>('GET', path, undefined, headers);
  }

  post<Body = unknown>(
    path: string,
    body: unknown = {},
    method: HttpMethod = 'POST',
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<Body>> {
    return this.request<Body>(method, path, body, headers);
  }

  /** A call that must succeed (2xx); names the call and the answer when it does not. */
  async succeed<Body = unknown>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Body> {
    const answer = await this.request<Body>(method, path, body, headers);
    expect(answer.status, `${method} ${path} answered ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  }

  /** GET that must answer 200. */
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
