/** Calls the admin listener with the test token (or without), keeping every answer it saw. */
import { request, type Dispatcher } from 'undici';
import { ADMIN_TOKEN, type Harness } from './harness.ts';

export interface AdminAnswer<T = unknown> {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** The body parsed as JSON and taken to be a T (undefined when it is not JSON). */
  readonly json: T;
}

export interface AdminCallOptions {
  readonly method?: Dispatcher.HttpMethod;
  /** Serialised as JSON (with its content type) unless a string. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Without the bearer token. */
  readonly anonymous?: boolean;
}

export type AdminCall = <T = unknown>(
  path: string,
  options?: AdminCallOptions,
) => Promise<AdminAnswer<T>>;

export function adminClient(h: Harness, seen: AdminAnswer[] = []): AdminCall {
  return async <T>(path: string, options: AdminCallOptions = {}): Promise<AdminAnswer<T>> => {
    const json = options.body !== undefined && typeof options.body !== 'string';
    const res = await request(`${h.app.adminUrl!}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        ...(options.anonymous ? {} : { authorization: `Bearer ${ADMIN_TOKEN}` }),
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const answer = { status: res.statusCode, headers: res.headers, text, json: parsed as T };
    seen.push(answer);
    return answer;
  };
}

/** The shared store's part of /readyz (state, failures by detail, each store's health). */
export async function storeStatus(adminUrl: string): Promise<Record<string, unknown>> {
  const response = await request(`${adminUrl}/readyz`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const body = (await response.body.json()) as { store: Record<string, unknown> };
  return body.store;
}
