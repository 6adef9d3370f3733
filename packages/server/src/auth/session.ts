/** Portal sessions: cookie names, starting and ending a session, and the CSRF check for cookie requests. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createSession, deleteSession } from '../store/sessions.ts';
import type { Db } from '../store/store.ts';
import type { User } from '../store/users.ts';
import { hashSecret, randomSecret } from './secrets.ts';

export const SESSION_COOKIE = 'portico_session';
/** Readable by the portal's JavaScript, which echoes it in the CSRF header (double submit). */
export const CSRF_COOKIE = 'portico_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change nothing; cookie requests with other methods need the CSRF header. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookieOptions(req: FastifyRequest, maxAge: number) {
  return {
    path: '/',
    sameSite: 'lax' as const,
    secure: req.server.config.publicUrl.startsWith('https://'),
    maxAge,
  };
}

/** Creates a session for `user`, sets the cookies, and returns the CSRF token and expiry for the response. */
export async function startSession(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  user: User,
): Promise<{ csrfToken: string; expiresAt: string }> {
  const sessionId = randomSecret();
  const csrfToken = randomSecret();
  const ttl = req.server.config.sessionTtlSeconds;
  const expiresAt = new Date(Date.now() + ttl * 1000).toISOString();
  await createSession(db, {
    idHash: hashSecret(sessionId),
    userId: user.id,
    csrfHash: hashSecret(csrfToken),
    expiresAt,
    ip: req.ip ?? null,
    userAgent: req.headers['user-agent'] ?? null,
  });
  reply.setCookie(SESSION_COOKIE, sessionId, { ...cookieOptions(req, ttl), httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookieOptions(req, ttl), httpOnly: false });
  return { csrfToken, expiresAt };
}

/** Deletes the caller's session (if any) and clears both cookies. */
export async function endSession(db: Db, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.principal?.sessionIdHash) await deleteSession(db, req.principal.sessionIdHash);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
