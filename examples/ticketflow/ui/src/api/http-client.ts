import { ApiError } from './api-error';

type Query = Record<string, string | number | boolean | undefined | null>;

/** Builds a relative `/api/...` URL so the app works behind any host (backend on :21000, Vite proxy in dev). */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function segment(value: string): string {
  return encodeURIComponent(value);
}

export async function getJson<T>(path: string, query?: Query, headers?: Record<string, string>): Promise<T> {
  const response = await send('GET', apiUrl(path, query), undefined, headers);
  return (await response.json()) as T;
}

export async function getText(path: string, headers?: Record<string, string>): Promise<string> {
  const response = await send('GET', path, undefined, headers);
  return response.text();
}

export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const response = await send(method, url, body, headers);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function send(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const route = `${method} ${url}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        ...(body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError(0, `Cannot reach the TicketFlow API (${route}): ${reason}`, route);
  }
  if (!response.ok) throw new ApiError(response.status, await failureMessage(response), route);
  return response;
}

async function failureMessage(response: Response): Promise<string> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  const text = await response.text().catch(() => '');
  if (!text) return fallback;
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === 'string' && parsed.message ? parsed.message : fallback;
  } catch {
    return text.length < 300 ? text : fallback;
  }
}
