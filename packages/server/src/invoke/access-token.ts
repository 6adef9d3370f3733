/**
 * Where OAuth connections get their access token. `resolveAccessToken` is the single hook between the invoke
 * path and the OAuth token manager (src/oauth, `oauthTokensOf`): the manager refreshes before expiry and
 * single-flights refreshes; its refusals (`reauthentication_required`, `oauth_token_request_failed`) are
 * answered as they are. Without a token source, OAuth connections get a clear `reauthentication_required`.
 */
import { PorticoError } from '../errors.ts';

/** What the OAuth token manager offers the gateway (src/oauth's TokenManager satisfies it). */
export interface TokenSource {
  /** A valid access token for the connection, refreshed first when it is about to expire; throws when there is none. */
  getAccessToken(connectionId: string): Promise<string | undefined>;
  /** Called once after the upstream refused `rejectedToken` (401); a fresh token, or undefined when sign-in is needed. */
  refreshAccessToken?(connectionId: string, rejectedToken?: string): Promise<string | undefined>;
}

/** An error the invoke path answers with, in the management API's error table. */
export interface TokenFailure {
  code: string;
  status: number;
  message: string;
}

export type AccessTokenOutcome = { token: string } | { error: TokenFailure };

function reauthenticate(message: string): { error: TokenFailure } {
  return { error: { code: 'reauthentication_required', status: 401, message } };
}

/** The access token of an OAuth connection, or the error to answer with. Never logs or returns the token's value. */
export async function resolveAccessToken(
  tokens: TokenSource | undefined,
  connectionId: string,
  connectorName: string,
): Promise<AccessTokenOutcome> {
  if (!tokens) {
    return reauthenticate(
      `The connection ${connectionId} to "${connectorName}" signs in with OAuth 2.0, and this server has no OAuth token manager; OAuth calls are not available here.`,
    );
  }
  try {
    const token = await tokens.getAccessToken(connectionId);
    if (token) return { token };
  } catch (error) {
    if (error instanceof PorticoError) {
      return { error: { code: error.code, status: error.statusCode, message: error.message } };
    }
    throw error;
  }
  return reauthenticate(
    `The connection ${connectionId} to "${connectorName}" has no valid access token; sign in again to re-authenticate it.`,
  );
}
