/**
 * The portal's only way to the server: JSON over `/api/v1`, with the session cookie and the CSRF token
 * (double submit: the readable `portico_csrf` cookie echoed in `X-CSRF-Token`) on state-changing requests.
 */

/** An error answered by the API (`{ error: { code, message, details } }`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CSRF_COOKIE = 'portico_csrf';

/** The CSRF token of the current session, read from its cookie. */
export function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) {
      return new ApiError(res.status, body.error.code, body.error.message ?? res.statusText, body.error.details);
    }
  } catch {
    // Not JSON: a proxy or a crash answered; fall through to a message from the status.
  }
  return new ApiError(res.status, 'http_error', `The server answered ${res.status} ${res.statusText}.`.trim());
}

/** Sends one request and returns the parsed JSON body (undefined for 204). */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Portico could not be reached. Check your connection and that the server runs.');
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** Fetches a public JSON document of the same server (e.g. a hosted definition). */
export async function getJson<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network', 'Portico could not be reached. Check your connection and that the server runs.');
  }
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as T;
}

/** Path of an absolute URL of this server, so the browser stays on its own origin. */
export function samePath(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/** Encodes a path segment. */
export const seg = encodeURIComponent;
