/**
 * Credential injection from the connector's security definitions and the connection's values: API keys in a
 * header or the query, HTTP basic, and OAuth 2.0 bearer tokens (also for connectors whose OAuth lives only in
 * apiProperties). Credentials are applied before policies, so `setheader` can still reshape them.
 */
import type { CompiledConnector, CompiledOperation } from './compile.ts';
import type { RequestState } from './context.ts';

export type CredentialOutcome = 'applied' | 'none' | 'needs-token';

/** The value of an API key scheme: by scheme name, by header/query name, else `api_key` for the first scheme. */
function apiKeyValue(
  schemeName: string,
  parameterName: string,
  first: boolean,
  values: Record<string, string>,
): string | undefined {
  return values[schemeName] ?? values[parameterName] ?? (first ? values.api_key : undefined);
}

/** True when the operation is called with an OAuth bearer token. */
export function usesOAuth(connector: CompiledConnector, operation: CompiledOperation): boolean {
  return connector.oauth || operation.schemes.some((name) => connector.securityDefinitions[name]?.type === 'oauth2');
}

/** Applies every credential the connection has for the operation's schemes; reports a missing OAuth token. */
export function applyCredentials(
  connector: CompiledConnector,
  operation: CompiledOperation,
  state: RequestState,
  values: Record<string, string>,
): CredentialOutcome {
  let applied = false;
  let firstApiKey = true;
  for (const name of operation.schemes) {
    const scheme = connector.securityDefinitions[name];
    if (!scheme) continue;
    if (scheme.type === 'apiKey' && typeof scheme.name === 'string') {
      const value = apiKeyValue(name, scheme.name, firstApiKey, values);
      firstApiKey = false;
      if (value === undefined || value === '') continue;
      if (scheme.in === 'query') {
        state.query = state.query.filter(([key]) => key !== scheme.name);
        state.query.push([scheme.name, value]);
        state.credentialQuery = [...(state.credentialQuery ?? []), [scheme.name, value]];
      } else {
        state.headers.set(scheme.name, value);
      }
      applied = true;
    } else if (scheme.type === 'basic') {
      const username = values.username;
      const password = values.password;
      if (username === undefined || password === undefined) continue;
      state.headers.set('Authorization', `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`);
      applied = true;
    }
  }
  if (usesOAuth(connector, operation)) {
    const token = values.accessToken;
    if (token) {
      state.headers.set('Authorization', `Bearer ${token}`);
      return 'applied';
    }
    if (!applied) return 'needs-token';
  }
  return applied ? 'applied' : 'none';
}
