/** Per-app refresh webhook tokens: random, shown once, stored as a SHA-256 hash, compared in constant time. */
import { hashSecret, randomSecret, sameHash } from '../auth/secrets.ts';

/** Refresh webhook tokens start with this, so secret scanners and humans recognise them. */
export const REFRESH_TOKEN_PREFIX = 'prt_';

/** A new token: the secret (shown once), its hash and the prefix shown afterwards. */
export function newRefreshToken(): { token: string; hash: string; prefix: string } {
  const token = REFRESH_TOKEN_PREFIX + randomSecret();
  return { token, hash: hashSecret(token), prefix: token.slice(0, REFRESH_TOKEN_PREFIX.length + 6) };
}

/** True when `authorization` is `Bearer <token>` for the stored hash. */
export function refreshTokenMatches(authorization: string | undefined, storedHash: string | null): boolean {
  if (!authorization || !storedHash) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  const token = match?.[1];
  if (!token?.startsWith(REFRESH_TOKEN_PREFIX)) return false;
  return sameHash(hashSecret(token), storedHash);
}
