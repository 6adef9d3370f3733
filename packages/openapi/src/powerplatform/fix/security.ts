/** Chooses the security scheme(s) a Power Platform connector can use when a document offers several. */
import { isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';

/** Preference: OAuth 2.0 authorization code > API key > basic > other OAuth 2.0 flows > anything else. */
export function securityRank(scheme: JsonObject): number {
  const type = scheme.type;
  if (type === 'oauth2') {
    if (scheme.flow === 'accessCode') return 5;
    if (isObject(scheme.flows) && isObject(scheme.flows.authorizationCode)) return 5;
    return 2;
  }
  if (type === 'apiKey' && scheme.in !== 'cookie') return 4;
  if (type === 'basic' || (type === 'http' && String(scheme.scheme).toLowerCase() === 'basic')) return 3;
  return 0;
}

/**
 * Names of the schemes to keep: all of them when there is at most one or when they are API keys
 * that some requirement uses together (the API needs every key); otherwise the single best-ranked one.
 */
export function schemesToKeep(schemes: Record<string, JsonObject>, requirements: JsonValue[]): string[] {
  const names = Object.keys(schemes);
  if (names.length <= 1) return names;
  const allApiKeys = names.every((n) => schemes[n]!.type === 'apiKey' && schemes[n]!.in !== 'cookie');
  const usedTogether = requirements.some((r) => isObject(r) && Object.keys(r).length > 1);
  if (allApiKeys && usedTogether) return names;
  const best = [...names].sort((a, b) => securityRank(schemes[b]!) - securityRank(schemes[a]!))[0]!;
  return [best];
}

/** All requirement objects of a document (root and operations), for `schemesToKeep`. */
export function allRequirements(document: JsonObject, operations: JsonObject[]): JsonValue[] {
  const out: JsonValue[] = [];
  if (Array.isArray(document.security)) out.push(...document.security);
  for (const op of operations) if (Array.isArray(op.security)) out.push(...op.security);
  return out;
}

/** Drops requirements naming removed schemes; when a list empties, it requires the kept scheme instead. */
export function pruneRequirementList(holder: JsonObject, kept: Set<string>): void {
  const security = holder.security;
  if (!Array.isArray(security)) return;
  const pruned = security
    .filter(isObject)
    .map((req) => Object.fromEntries(Object.entries(req).filter(([name]) => kept.has(name))) as JsonObject)
    .filter(
      (req, i, list) =>
        Object.keys(req).length > 0 && list.findIndex((o) => JSON.stringify(o) === JSON.stringify(req)) === i,
    );
  if (pruned.length === 0 && security.length > 0 && kept.size > 0) {
    holder.security = [Object.fromEntries([...kept].map((name) => [name, []]))];
  } else holder.security = pruned;
}
