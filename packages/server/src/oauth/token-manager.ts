/**
 * The token manager: hands out a connection's access token, refreshing it BEFORE it expires (from
 * `expires_in`, minus a skew) and once after the upstream answered 401. Concurrent calls on one connection
 * share one refresh (single-flight in the process, plus the PostgreSQL advisory lock across processes); rotated
 * refresh tokens are stored with a compare-and-swap in the same transaction. A refresh the provider refuses
 * marks the connection `needs_reauthentication` with the provider's error and forgets its tokens.
 */
import { PorticoError } from '../errors.ts';
import { setConnectionStatus } from '../store/connections.ts';
import type { Db } from '../store/store.ts';
import { loadOAuthContext, type OAuthDeps, redact } from './context.ts';
import { withRefreshLock } from './lock.ts';
import { deleteTokens, getStoredTokens, type StoredTokens, swapTokens } from './store.ts';
import { clientCredentials, describeTokenFailure, refreshTokens, type TokenSet } from './token-client.ts';
import { expiryOf, openTokens, tokenContext } from './tokens.ts';

/** Options of a token manager; `now` is injectable so tests drive expiry without sleeping. */
export interface TokenManagerOptions extends OAuthDeps {
  /** Milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
  /** Refresh this long before the access token expires (default 60 s, capped at half the token's lifetime). */
  skewMs?: number;
  /** Told about every token request the manager makes (for metrics); never given a token. */
  onTokenRequest?: (event: {
    grant: 'refresh_token' | 'client_credentials';
    outcome: 'ok' | 'refused' | 'failed';
  }) => void;
}

/** Hands out access tokens of OAuth connections; one per process (see `oauthTokensOf`). */
export interface TokenManager {
  /** A valid access token; refreshes first when it expires soon. Throws `reauthentication_required` or `oauth_token_request_failed`. */
  getAccessToken(connectionId: string): Promise<string>;
  /** Marks the cached token as refused (a 401 from the upstream): the next `getAccessToken` refreshes once. */
  invalidate(connectionId: string, rejectedToken?: string): void;
  /** For the gateway's 401 hook: invalidate, then one refresh; undefined when the connection needs re-authentication. */
  refreshAfterUnauthorized(connectionId: string, rejectedToken?: string): Promise<string | undefined>;
  /**
   * The gateway runtime's `TokenSource.refreshAccessToken`: `refreshAfterUnauthorized`. Pass the refused token when
   * known: a late 401 for a token already replaced then costs no second refresh.
   */
  refreshAccessToken(connectionId: string, rejectedToken?: string): Promise<string | undefined>;
  /** Drops what this process caches for a connection (after a new sign-in or a deletion). */
  forget(connectionId: string): void;
  /** How many refreshes (token requests) this manager made; for metrics and tests. */
  readonly refreshCount: number;
}

interface Cached {
  accessToken: string;
  expiresAt: number | null;
  issuedAt: number;
  generation: number;
  refused: boolean;
}

function reauthenticationRequired(connectionId: string, why: string): PorticoError {
  return new PorticoError(
    'reauthentication_required',
    `Connection "${connectionId}" needs to be signed in again (POST …/connections/${connectionId}/reauthenticate): ${why}`,
  );
}

/** Creates a token manager over the store. */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const now = options.now ?? Date.now;
  const skewMs = options.skewMs ?? 60_000;
  const cache = new Map<string, Cached>();
  const inflight = new Map<string, Promise<string>>();
  let refreshCount = 0;

  const fresh = (expiresAt: number | null, issuedAt: number): boolean => {
    if (expiresAt === null) return true;
    const skew = Math.min(skewMs, Math.max(0, (expiresAt - issuedAt) / 2));
    return now() < expiresAt - skew;
  };

  const remember = (
    connectionId: string,
    tokens: TokenSet,
    stored: { expiresAt: string | null; generation: number },
  ) => {
    const expiresAt = stored.expiresAt ? Date.parse(stored.expiresAt) : null;
    const issuedAt = expiresAt !== null && tokens.expiresIn ? expiresAt - tokens.expiresIn * 1000 : now();
    const entry: Cached = {
      accessToken: tokens.accessToken,
      expiresAt,
      issuedAt,
      generation: stored.generation,
      refused: false,
    };
    cache.set(connectionId, entry);
    return entry;
  };

  async function markNeedsReauthentication(db: Db, connectionId: string, message: string): Promise<void> {
    const mark = async (trx: Db) => {
      await deleteTokens(trx, connectionId);
      await setConnectionStatus(trx, connectionId, 'needs_reauthentication', message, null);
    };
    // Under the PostgreSQL lock `db` is already a transaction; on SQLite both changes get their own.
    if (db.isTransaction) await mark(db);
    else await options.store.transaction(mark);
  }

  /** Under the lock: re-read, and refresh only if nobody else did. */
  async function refreshLocked(connectionId: string, seen: Cached | undefined): Promise<string> {
    type Outcome = { token: string } | { error: PorticoError };
    const outcome = await withRefreshLock<Outcome>(options.store, connectionId, async (db) => {
      const row = await getStoredTokens(db, connectionId);
      if (!row) return { error: await missingTokens(db, connectionId) };
      const tokens = openTokens(options.keyring, row);
      const current = remember(connectionId, tokens, row);
      const newer = seen !== undefined && row.generation > seen.generation;
      if (
        newer
          ? fresh(current.expiresAt, current.issuedAt)
          : !seen?.refused && fresh(current.expiresAt, current.issuedAt)
      ) {
        return { token: tokens.accessToken };
      }
      return refreshWith(db, connectionId, row, tokens);
    });
    if ('error' in outcome) throw outcome.error;
    return outcome.token;
  }

  async function missingTokens(db: Db, connectionId: string): Promise<PorticoError> {
    const ctx = await loadOAuthContext(db, options, connectionId);
    if (!ctx) return new PorticoError('connection_not_found', `There is no connection "${connectionId}".`);
    const status = ctx.connection.status;
    const why =
      status === 'needs_reauthentication' || status === 'error'
        ? (ctx.connection.statusMessage ?? 'its last sign-in or refresh failed.')
        : 'it has not been signed in yet.';
    return reauthenticationRequired(connectionId, why);
  }

  async function refreshWith(
    db: Db,
    connectionId: string,
    row: StoredTokens,
    tokens: TokenSet,
  ): Promise<{ token: string } | { error: PorticoError }> {
    const ctx = await loadOAuthContext(db, options, connectionId);
    if (!ctx) return { error: new PorticoError('connection_not_found', `There is no connection "${connectionId}".`) };
    const full = ctx;
    const clientGrant = row.grantType === 'client_credentials';
    if (!clientGrant && !tokens.refreshToken) {
      const message = 'The access token expired and the provider gave no refresh token; sign in again.';
      await markNeedsReauthentication(db, connectionId, message);
      return { error: reauthenticationRequired(connectionId, message) };
    }
    refreshCount += 1;
    const issuedAt = now();
    const result = clientGrant
      ? await clientCredentials(full.settings, options)
      : await refreshTokens(full.settings, tokens.refreshToken as string, options);
    options.onTokenRequest?.({
      grant: clientGrant ? 'client_credentials' : 'refresh_token',
      outcome: result.ok ? 'ok' : result.kind === 'oauth' ? 'refused' : 'failed',
    });
    if (!result.ok) {
      const message = redact(describeTokenFailure(result), [...full.secrets, tokens.refreshToken, tokens.accessToken]);
      if (result.kind === 'oauth' && !clientGrant) {
        await markNeedsReauthentication(db, connectionId, message);
        cache.delete(connectionId);
        return { error: reauthenticationRequired(connectionId, message) };
      }
      if (clientGrant) await setConnectionStatus(db, connectionId, 'error', message, null);
      return { error: new PorticoError('oauth_token_request_failed', message) };
    }
    // Providers that do not rotate keep the old refresh token valid: keep it when none came back.
    const next: TokenSet = {
      ...result.tokens,
      ...((result.tokens.refreshToken ?? tokens.refreshToken)
        ? { refreshToken: result.tokens.refreshToken ?? tokens.refreshToken }
        : {}),
    };
    const expiresAt = expiryOf(next, issuedAt);
    const swapped = await swapTokens(db, {
      connectionId,
      generation: row.generation,
      tokens: options.keyring.encrypt(next, { context: tokenContext(connectionId) }),
      expiresAt,
    });
    if (!swapped) {
      // A new sign-in replaced the tokens meanwhile (SQLite has no lock across requests): use what is stored.
      const latest = await getStoredTokens(db, connectionId);
      if (!latest) return { error: await missingTokens(db, connectionId) };
      const opened = openTokens(options.keyring, latest);
      remember(connectionId, opened, latest);
      return { token: opened.accessToken };
    }
    if (ctx.connection.status !== 'connected') await setConnectionStatus(db, connectionId, 'connected', null, null);
    remember(connectionId, next, { expiresAt, generation: row.generation + 1 });
    return { token: next.accessToken };
  }

  function load(connectionId: string): Promise<string> {
    const running = inflight.get(connectionId);
    if (running) return running;
    const seen = cache.get(connectionId);
    const promise = (async () => {
      if (!seen) {
        // First use in this process: the stored token may be good (no lock needed to read).
        const row = await getStoredTokens(options.store.db, connectionId);
        if (!row) throw await missingTokens(options.store.db, connectionId);
        const tokens = openTokens(options.keyring, row);
        const entry = remember(connectionId, tokens, row);
        if (fresh(entry.expiresAt, entry.issuedAt)) return tokens.accessToken;
        return refreshLocked(connectionId, entry);
      }
      return refreshLocked(connectionId, seen);
    })().finally(() => inflight.delete(connectionId));
    inflight.set(connectionId, promise);
    return promise;
  }

  const manager: TokenManager = {
    async getAccessToken(connectionId) {
      const cached = cache.get(connectionId);
      if (cached && !cached.refused && fresh(cached.expiresAt, cached.issuedAt) && !inflight.has(connectionId)) {
        return cached.accessToken;
      }
      return load(connectionId);
    },
    invalidate(connectionId, rejectedToken) {
      const cached = cache.get(connectionId);
      if (cached && (rejectedToken === undefined || cached.accessToken === rejectedToken)) cached.refused = true;
    },
    async refreshAfterUnauthorized(connectionId, rejectedToken) {
      manager.invalidate(connectionId, rejectedToken);
      try {
        return await manager.getAccessToken(connectionId);
      } catch (err) {
        if (err instanceof PorticoError && err.code === 'reauthentication_required') return undefined;
        throw err;
      }
    },
    refreshAccessToken(connectionId, rejectedToken) {
      return manager.refreshAfterUnauthorized(connectionId, rejectedToken);
    },
    forget(connectionId) {
      cache.delete(connectionId);
    },
    get refreshCount() {
      return refreshCount;
    },
  };
  return manager;
}
