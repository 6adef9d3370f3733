/** Random bearer secrets (session ids, CSRF tokens, personal access tokens) and their stored hashes. */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Personal access tokens start with this, so secret scanners and humans recognise them. */
export const TOKEN_PREFIX = 'pat_';

/** 256 random bits, base64url. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a high-entropy secret: what the database stores instead of the secret. */
export function hashSecret(secret: string): string {
  // One-shot hashing: no Hash object per call (this runs on every bearer-token request).
  return hash('sha256', secret, 'hex');
}

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A new personal access token: the secret (shown once), its hash, and the prefix shown in lists. */
export function newPersonalAccessToken(): { token: string; hash: string; prefix: string } {
  const token = TOKEN_PREFIX + randomSecret();
  return { token, hash: hashSecret(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}
