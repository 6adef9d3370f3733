/**
 * The token endpoint requests of RFC 6749 (authorization code with PKCE, refresh, client credentials), sent
 * with undici through the SSRF guard. Expected failures are results: `oauth` when the provider answered with an
 * OAuth error (the grant is refused), `transport` when it could not be reached or answered nonsense.
 */
import { isIP } from 'node:net';
import { type Dispatcher, request } from 'undici';
import { addressAllowed, createHostAllowList, guardedAgent, normaliseHostname } from '../fetch/index.ts';
import { clientCredentialScopes, fillTemplate, type ProviderSettings } from './settings.ts';

/** Tokens as the provider issued them (decrypted; only the token manager and the flow hold these). */
export interface TokenSet {
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
  scope?: string;
  /** Seconds, from `expires_in`. */
  expiresIn?: number;
}

export type TokenResult =
  | { ok: true; tokens: TokenSet }
  | { ok: false; kind: 'oauth'; error: string; description?: string; status: number }
  | { ok: false; kind: 'transport'; message: string; status?: number };

/** How token requests are sent: the administrator's allow-list of private hosts, and a timeout. */
export interface TokenClientOptions {
  allowHosts: readonly string[];
  timeoutMs?: number;
}

const MAX_BODY = 256 * 1024;
const agents = new Map<string, Dispatcher>();

function agentFor(allowHosts: readonly string[]): Dispatcher {
  const key = allowHosts.join(',');
  let agent = agents.get(key);
  if (!agent) {
    agent = guardedAgent(createHostAllowList(allowHosts));
    agents.set(key, agent);
  }
  return agent;
}

function clientAuth(settings: ProviderSettings, form: URLSearchParams): void {
  // client_secret_post, as Power Platform sends it; public clients send their id only.
  form.set('client_id', settings.clientId);
  if (settings.clientSecret !== undefined) form.set('client_secret', settings.clientSecret);
}

function templateBody(template: string, settings: ProviderSettings, extra: Record<string, string>): URLSearchParams {
  const filled = fillTemplate(
    template,
    { ...settings.values, ...lower(extra) },
    { encode: true, where: 'token body template' },
  );
  return new URLSearchParams(filled);
}

function lower(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Exchanges an authorization code (with its PKCE verifier) for tokens. */
export function exchangeCode(
  settings: ProviderSettings,
  input: { code: string; verifier: string; redirectUri: string; state?: string },
  options: TokenClientOptions,
): Promise<TokenResult> {
  let form: URLSearchParams;
  if (settings.tokenBodyTemplate) {
    form = templateBody(settings.tokenBodyTemplate, settings, { code: input.code, state: input.state ?? '' });
    if (!form.has('code_verifier')) form.set('code_verifier', input.verifier);
    if (!form.has('redirect_uri')) form.set('redirect_uri', input.redirectUri);
  } else {
    form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.verifier,
    });
    clientAuth(settings, form);
  }
  for (const [k, v] of Object.entries(settings.tokenParams)) if (!form.has(k)) form.set(k, v);
  return post(settings.tokenUrl, form, options);
}

/** Uses a refresh token. */
export function refreshTokens(
  settings: ProviderSettings,
  refreshToken: string,
  options: TokenClientOptions,
): Promise<TokenResult> {
  let form: URLSearchParams;
  if (settings.refreshBodyTemplate && /\{refresh_?token\}/i.test(settings.refreshBodyTemplate)) {
    form = templateBody(settings.refreshBodyTemplate, settings, { refreshToken, refresh_token: refreshToken });
  } else {
    form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
    clientAuth(settings, form);
  }
  for (const [k, v] of Object.entries(settings.tokenParams)) if (!form.has(k)) form.set(k, v);
  return post(settings.refreshUrl, form, options);
}

/** Asks for a token for the client itself (service-to-service, no user). */
export function clientCredentials(settings: ProviderSettings, options: TokenClientOptions): Promise<TokenResult> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  clientAuth(settings, form);
  const scopes = clientCredentialScopes(settings);
  if (scopes.length > 0) form.set('scope', scopes.join(settings.scopeDelimiter));
  for (const [k, v] of Object.entries(settings.tokenParams)) form.set(k, v);
  return post(settings.tokenUrl, form, options);
}

function parseBody(text: string, contentType: string): Record<string, unknown> | undefined {
  if (/json/i.test(contentType) || /^\s*\{/.test(text)) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }
  if (/x-www-form-urlencoded|text\/plain/i.test(contentType)) return Object.fromEntries(new URLSearchParams(text));
  return undefined;
}

async function post(url: string, form: URLSearchParams, options: TokenClientOptions): Promise<TokenResult> {
  const target = new URL(url);
  const host = normaliseHostname(target.hostname);
  // IP literals are connected to without a DNS lookup, so the guarded agent cannot see them: check them here.
  if (isIP(host) !== 0 && !addressAllowed(host, host, createHostAllowList(options.allowHosts))) {
    return {
      ok: false,
      kind: 'transport',
      message: `The token endpoint ${target.host} is a private address; an administrator can allow it with PORTICO_GATEWAY_ALLOW_HOSTS.`,
    };
  }
  const timeout = options.timeoutMs ?? 30_000;
  let status: number;
  let text = '';
  let contentType = '';
  try {
    const res = await request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      dispatcher: agentFor(options.allowHosts),
      headersTimeout: timeout,
      bodyTimeout: timeout,
      signal: AbortSignal.timeout(timeout),
    });
    status = res.statusCode;
    contentType = String(res.headers['content-type'] ?? '');
    for await (const chunk of res.body) {
      text += Buffer.from(chunk as Uint8Array).toString('utf8');
      if (text.length > MAX_BODY) break;
    }
    res.body.destroy();
  } catch (err) {
    const e = err as { code?: string; name?: string; cause?: { name?: string } };
    const why =
      e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT'
        ? 'did not answer in time'
        : e.name === 'PrivateAddressError' || e.cause?.name === 'PrivateAddressError'
          ? 'is a private address (an administrator can allow it with PORTICO_GATEWAY_ALLOW_HOSTS)'
          : `could not be reached (${e.code ?? 'network error'})`;
    return { ok: false, kind: 'transport', message: `The token endpoint ${target.host} ${why}.` };
  }
  const body = parseBody(text, contentType);
  if (body && typeof body.error === 'string') {
    return {
      ok: false,
      kind: 'oauth',
      error: body.error,
      status,
      ...(typeof body.error_description === 'string' ? { description: body.error_description.slice(0, 300) } : {}),
    };
  }
  if (status < 200 || status >= 300 || !body || typeof body.access_token !== 'string' || body.access_token === '') {
    return {
      ok: false,
      kind: 'transport',
      status,
      message: `The token endpoint ${target.host} answered ${status} without an access token.`,
    };
  }
  const expiresIn = Number(body.expires_in);
  return {
    ok: true,
    tokens: {
      accessToken: body.access_token,
      tokenType: typeof body.token_type === 'string' ? body.token_type : 'Bearer',
      ...(typeof body.refresh_token === 'string' && body.refresh_token !== ''
        ? { refreshToken: body.refresh_token }
        : {}),
      ...(typeof body.scope === 'string' ? { scope: body.scope } : {}),
      ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresIn } : {}),
    },
  };
}

/** One sentence describing a failed token request, safe to store and show (no token, code or secret). */
export function describeTokenFailure(result: Exclude<TokenResult, { ok: true }>): string {
  if (result.kind === 'transport') return result.message;
  return `The provider refused: ${result.error}${result.description ? ` (${result.description})` : ''}.`;
}
