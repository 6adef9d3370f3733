/**
 * Authentication and the route access rule, before the body is read: resolves the caller from a bearer
 * token or the session cookie, checks CSRF for cookie requests that change state, then enforces the
 * route's declared `config.access` with the helpers in auth/access.ts.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { requireAdmin, requireAppRole, requireEnvironmentRole, requireUser } from '../auth/access.ts';
import type { Access } from '../auth/roles.ts';
import { hashSecret, sameHash, TOKEN_PREFIX } from '../auth/secrets.ts';
import { CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE } from '../auth/session.ts';
import { createTokenCache, type TokenLookup } from '../auth/token-cache.ts';
import { REFRESH_TOKEN_PREFIX } from '../changes/hook-token.ts';
import { fail } from '../errors.ts';
import { findSession } from '../store/sessions.ts';
import { findAccessTokenByHash, touchAccessToken } from '../store/tokens.ts';
import type { Principal } from '../types.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The app webhook token (`prt_…`) sent to a route that accepts one; the route verifies it. */
    hookToken: string | null;
  }
  interface FastifyContextConfig {
    /** The route also accepts the app's refresh webhook token instead of a user (see changes/hook-token.ts). */
    appHookToken?: boolean;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The bearer token when it is an app webhook token sent to a route that accepts one. */
function hookTokenOf(req: FastifyRequest, config: FastifyContextConfig | undefined): string | null {
  if (!config?.appHookToken) return null;
  const match = BEARER.exec(req.headers.authorization ?? '');
  return match?.[1]?.startsWith(REFRESH_TOKEN_PREFIX) ? match[1] : null;
}

/** Tokens' `last_used_at` is written at most this often, to avoid a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** The caller of a bearer token: from the token cache without waiting when it is there, else after a lookup. */
function fromBearer(req: FastifyRequest, token: string): Principal | Promise<Principal> {
  if (!token.startsWith(TOKEN_PREFIX)) return unknownToken();
  const now = Date.now();
  const cached = req.server.tokenCache.get(token, now);
  if (cached) return principalOf(req, cached);
  return findAccessTokenByHash(req.server.store.db, hashSecret(token)).then((found) => {
    if (!found) return unknownToken();
    req.server.tokenCache.set(token, found, now);
    return principalOf(req, found);
  });
}

function unknownToken(): never {
  fail(
    'invalid_token',
    'The access token is unknown; create one with POST /api/v1/tokens or `portico admin create-user --token`.',
  );
}

/** A token's expiry and last use in milliseconds, parsed once per stored text (cached lookups are reused per call). */
const tokenTimes = new WeakMap<
  TokenLookup['token'],
  { expiresAt: string | null; expires: number; lastUsedAt: string | null; lastUsed: number }
>();

function timesOf(token: TokenLookup['token']): { expires: number; lastUsed: number } {
  let times = tokenTimes.get(token);
  if (!times || times.expiresAt !== token.expiresAt || times.lastUsedAt !== token.lastUsedAt) {
    times = {
      expiresAt: token.expiresAt,
      expires: token.expiresAt ? Date.parse(token.expiresAt) : Number.POSITIVE_INFINITY,
      lastUsedAt: token.lastUsedAt,
      lastUsed: token.lastUsedAt ? Date.parse(token.lastUsedAt) : 0,
    };
    tokenTimes.set(token, times);
  }
  return times;
}

/** The caller of a found token, or a refusal (revoked, expired, disabled); `touchDue` when `last_used_at` is a minute old. */
function checkToken(found: TokenLookup, now: number): { principal: Principal; touchDue: boolean } {
  if (found.token.revokedAt)
    fail('invalid_token', `The access token "${found.token.name}" was revoked; create a new one.`);
  const times = timesOf(found.token);
  if (times.expires <= now) {
    fail(
      'invalid_token',
      `The access token "${found.token.name}" expired at ${found.token.expiresAt}; create a new one.`,
    );
  }
  if (found.user.disabledAt) fail('invalid_token', 'The account of this access token is disabled.');
  const principal: Principal = { user: found.user, via: 'token', tokenId: found.token.id };
  return { principal, touchDue: now - times.lastUsed > TOUCH_INTERVAL_MS };
}

/** Checks a found token and its user; writes `last_used_at` when it is a minute old (then the answer waits for it). */
function principalOf(req: FastifyRequest, found: TokenLookup): Principal | Promise<Principal> {
  const now = Date.now();
  const { principal, touchDue } = checkToken(found, now);
  if (!touchDue) return principal;
  const at = new Date(now).toISOString();
  // `found` may be the cached lookup: record the touch there first, so the calls served from the cache in
  // the next minute (and those running concurrently) do not write `last_used_at` again.
  found.token.lastUsedAt = at;
  return touchAccessToken(req.server.store.db, found.token.id, at).then(() => principal);
}

/**
 * The caller of an `Authorization: Bearer` header when that needs nothing but the token cache: a cached, valid
 * token whose `last_used_at` is not due. Undefined in every other case (no or another header, a token not
 * cached, refused or due a write), which the authentication hook then handles with its answers and writes.
 */
export function cachedBearerPrincipal(app: FastifyInstance, authorization: string | undefined): Principal | undefined {
  if (authorization === undefined) return undefined;
  const token = BEARER.exec(authorization)?.[1];
  if (!token?.startsWith(TOKEN_PREFIX)) return undefined;
  const now = Date.now();
  const found = app.tokenCache.get(token, now);
  if (!found) return undefined;
  try {
    const { principal, touchDue } = checkToken(found, now);
    return touchDue ? undefined : principal;
  } catch {
    return undefined;
  }
}

async function fromSession(req: FastifyRequest, sessionId: string): Promise<Principal | 'expired'> {
  const session = await findSession(req.server.store.db, hashSecret(sessionId));
  if (!session || session.expiresAt <= new Date().toISOString() || session.user.disabledAt) return 'expired';
  if (!SAFE_METHODS.has(req.method)) {
    const header = req.headers[CSRF_HEADER];
    const sent = typeof header === 'string' ? header : '';
    if (!sent || !sameHash(hashSecret(sent), session.csrfHash)) fail('csrf_failed');
  }
  return { user: session.user, via: 'session', sessionIdHash: session.idHash };
}

/**
 * Resolves `req.principal`; throws for a bad bearer token, answers 'expired' for a stale session cookie. A bearer
 * token found in the token cache is resolved without waiting (the gateway's hot path).
 */
function authenticate(req: FastifyRequest): 'expired' | undefined | Promise<'expired' | undefined> {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization);
    if (!match?.[1]) fail('invalid_token', 'The Authorization header must be "Bearer <token>".');
    const principal = fromBearer(req, match[1]);
    if (!(principal instanceof Promise)) {
      req.principal = principal;
      return undefined;
    }
    return principal.then((found) => {
      req.principal = found;
      return undefined;
    });
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  return fromSession(req, cookie).then((result) => {
    if (result === 'expired') return 'expired';
    req.principal = result;
    return undefined;
  });
}

/** The authentication and access rule of one request; synchronous unless something has to be looked up. */
function checkRequest(req: FastifyRequest): void | Promise<void> {
  req.scope = {};
  const config = req.routeOptions.config;
  req.hookToken = hookTokenOf(req, config);
  // A webhook token is checked by the route against the app's stored hash, not as a user.
  if (req.hookToken) return;
  const access = config?.access ?? 'public';
  if (access === 'public') {
    // Public routes (sign-in, health, hosted definitions) work whatever credentials come along.
    const anonymous = () => {
      req.principal = null;
    };
    try {
      const outcome = authenticate(req);
      if (outcome instanceof Promise) return outcome.then(() => undefined, anonymous);
    } catch {
      anonymous();
    }
    return;
  }
  const outcome = authenticate(req);
  if (outcome instanceof Promise) return outcome.then((stale) => admit(req, access, stale));
  return admit(req, access, outcome);
}

/** Refuses a request without a caller, then enforces the route's access rule. */
function admit(
  req: FastifyRequest,
  access: Exclude<Access, 'public'>,
  stale: 'expired' | undefined,
): void | Promise<void> {
  if (!req.principal) fail(stale ? 'session_expired' : 'unauthenticated');
  if (access === 'authenticated') return;
  return enforceAccess(req, access);
}

function param(req: FastifyRequest, name: string): string {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value === '')
    throw new Error(`Route ${req.url} declares access on missing path parameter "${name}"`);
  return value;
}

/** Enforces one declared access rule for the current request. */
export async function enforceAccess(req: FastifyRequest, access: Access): Promise<void> {
  if (access === 'public') return;
  if (access === 'authenticated') requireUser(req);
  else if (access === 'admin') requireAdmin(req);
  else if ('environment' in access)
    await requireEnvironmentRole(req, param(req, access.param ?? 'env'), access.environment);
  else await requireAppRole(req, param(req, access.param ?? 'app'), access.app);
}

export const authPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifyCookie);
    app.decorate('tokenCache', createTokenCache(app.config.tokenCacheMs));
    app.decorateRequest('principal', null);
    app.decorateRequest('scope', null as never);
    app.decorateRequest('hookToken', null);
    // Callback style: a caller whose token is cached passes without a promise (the gateway's hot path).
    app.addHook('onRequest', (req, _reply, done) => {
      let outcome: void | Promise<void>;
      try {
        outcome = checkRequest(req);
      } catch (error) {
        done(error as Error);
        return;
      }
      if (outcome instanceof Promise) outcome.then(() => done(), done);
      else done();
    });
  },
  { name: 'portico-auth', dependencies: ['portico-errors'] },
);
