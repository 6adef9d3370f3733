/**
 * A short-lived, per-process cache of bearer-token lookups, so the gateway's hot path makes no database
 * read per call. A revocation through this process clears it at once; another process sees it within
 * `ttlMs` (PORTICO_TOKEN_CACHE_MS, default 1 s; 0 turns the cache off). Entries are never renewed without a
 * database read: the only in-place update is the token's `lastUsedAt` after this process wrote it (plugins/auth.ts),
 * which keeps `last_used_at` writes at one a minute per token instead of one per cached call.
 *
 * Entries are keyed by the bearer token as it was sent, so a cached call computes no SHA-256 (about 2% of a
 * gateway call's CPU): the process's memory briefly holds tokens it was sent anyway, never the database or logs.
 */
import type { AccessToken } from '../store/tokens.ts';
import type { User } from '../store/users.ts';

export interface TokenLookup {
  token: AccessToken;
  user: User;
}

export interface TokenCache {
  get(token: string, now: number): TokenLookup | undefined;
  set(token: string, lookup: TokenLookup, now: number): void;
  /** Forgets every entry (after a revocation or any change to tokens or users). */
  clear(): void;
}

/** Largest number of tokens kept; the oldest entry goes first. */
const MAX_ENTRIES = 10_000;

/** Creates a cache whose entries live `ttlMs` milliseconds. */
export function createTokenCache(ttlMs: number): TokenCache {
  const entries = new Map<string, { lookup: TokenLookup; until: number }>();
  return {
    get(token, now) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.until <= now) {
        entries.delete(token);
        return undefined;
      }
      return entry.lookup;
    },
    set(token, lookup, now) {
      if (ttlMs <= 0) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(token, { lookup, until: now + ttlMs });
    },
    clear() {
      entries.clear();
    },
  };
}
