/**
 * Authentication and the route access rule, before the body is read: resolves the caller from a bearer
 * token or the session cookie, checks CSRF for cookie requests that change state, then enforces the
 * route's declared `config.access` with the helpers in auth/access.ts.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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

/** The bearer token when it is an app webhook token sent to a route that accepts one. */
function hookTokenOf(req: FastifyRequest): string | null {
  if (!req.routeOptions.config?.appHookToken) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.startsWith(REFRESH_TOKEN_PREFIX) ? match[1] : null;
}

/** Tokens' `last_used_at` is written at most this often, to avoid a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

async function fromBearer(req: FastifyRequest, token: string): Promise<Principal> {
  const found = token.startsWith(TOKEN_PREFIX) ? await lookUpToken(req, hashSecret(token)) : undefined;
  if (!found)
    fail(
      'invalid_token',
      'The access token is unknown; create one with POST /api/v1/tokens or `portico admin create-user --token`.',
    );
  const now = new Date();
  if (found.token.revokedAt)
    fail('invalid_token', `The access token "${found.token.name}" was revoked; create a new one.`);
  if (found.token.expiresAt && found.token.expiresAt <= now.toISOString()) {
    fail(
      'invalid_token',
      `The access token "${found.token.name}" expired at ${found.token.expiresAt}; create a new one.`,
    );
  }
  if (found.user.disabledAt) fail('invalid_token', 'The account of this access token is disabled.');
  const last = found.token.lastUsedAt ? Date.parse(found.token.lastUsedAt) : 0;
  if (now.getTime() - last > TOUCH_INTERVAL_MS) {
    const at = now.toISOString();
    // `found` may be the cached lookup: record the touch there first, so the calls served from the cache in
    // the next minute (and those running concurrently) do not write `last_used_at` again.
    found.token.lastUsedAt = at;
    await touchAccessToken(req.server.store.db, found.token.id, at);
  }
  return { user: found.user, via: 'token', tokenId: found.token.id };
}

/** The token and its user, from the per-process cache when it was looked up in the last moment. */
async function lookUpToken(req: FastifyRequest, tokenHash: string): Promise<TokenLookup | undefined> {
  const now = Date.now();
  const cached = req.server.tokenCache.get(tokenHash, now);
  if (cached) return cached;
  const found = await findAccessTokenByHash(req.server.store.db, tokenHash);
  if (found) req.server.tokenCache.set(tokenHash, found, now);
  return found;
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

/** Resolves `req.principal`; throws for a bad bearer token, marks a stale session cookie. */
async function authenticate(req: FastifyRequest): Promise<'expired' | undefined> {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) fail('invalid_token', 'The Authorization header must be "Bearer <token>".');
    req.principal = await fromBearer(req, match[1]);
    return undefined;
  }
  const cookie = req.cookies[SESSION_COOKIE];
  if (!cookie) return undefined;
  const result = await fromSession(req, cookie);
  if (result === 'expired') return 'expired';
  req.principal = result;
  return undefined;
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
    app.addHook('onRequest', async (req) => {
      req.scope = {};
      req.hookToken = hookTokenOf(req);
      // A webhook token is checked by the route against the app's stored hash, not as a user.
      if (req.hookToken) return;
      const access = req.routeOptions.config?.access ?? 'public';
      if (access === 'public') {
        // Public routes (sign-in, health, hosted definitions) work whatever credentials come along.
        await authenticate(req).catch(() => {
          req.principal = null;
        });
        return;
      }
      const stale = await authenticate(req);
      if (!req.principal) fail(stale ? 'session_expired' : 'unauthenticated');
      await enforceAccess(req, access);
    });
  },
  { name: 'portico-auth', dependencies: ['portico-errors'] },
);
