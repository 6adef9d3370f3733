/** PKCE (RFC 7636, S256) and `state` values: random, URL-safe, and stored only as hashes or sealed. */
import { createHash, randomBytes } from 'node:crypto';

/** A new random value of 32 bytes, base64url (43 characters): used for `state` and the code verifier. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The S256 code challenge of a verifier. */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The hash a `state` is stored under: a database reader cannot replay a pending sign-in. */
export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}
