/** Sealing a connection's tokens: envelope encryption bound to the connection (context `oauth-tokens:{id}`). */
import type { Keyring } from '../secrets/index.ts';
import type { Db } from '../store/store.ts';
import { putTokens, type StoredTokens } from './store.ts';
import type { TokenSet } from './token-client.ts';

/** The encryption context of a connection's OAuth tokens: they only open for that connection. */
export function tokenContext(connectionId: string): string {
  return `oauth-tokens:${connectionId}`;
}

/** When tokens issued at `now` expire (ISO), from `expires_in`; null when the provider did not say. */
export function expiryOf(tokens: TokenSet, now: number): string | null {
  return tokens.expiresIn !== undefined ? new Date(now + tokens.expiresIn * 1000).toISOString() : null;
}

/** Decrypts stored tokens. */
export function openTokens(keyring: Keyring, stored: StoredTokens): TokenSet {
  return keyring.decryptJson<TokenSet>(stored.tokens, { context: tokenContext(stored.connectionId) });
}

/** Seals and stores the tokens of a new sign-in (or client-credentials token); returns the new generation. */
export async function storeNewTokens(
  db: Db,
  keyring: Keyring,
  input: { connectionId: string; grantType: string; tokens: TokenSet; now: number },
): Promise<number> {
  return putTokens(db, {
    connectionId: input.connectionId,
    grantType: input.grantType,
    tokens: keyring.encrypt(input.tokens, { context: tokenContext(input.connectionId) }),
    expiresAt: expiryOf(input.tokens, input.now),
  });
}
