/** Lists the security requirements of a document: the root `security` and each operation's own. */
import { childPointer, isObject } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import { eachOperation } from '../walk.ts';

/** One `{ schemeName: scopes }` entry of a security requirement object. */
export interface SecurityRequirementEntry {
  readonly scheme: string;
  readonly scopes: JsonValue;
  /** Pointer of the entry (`/security/0/api_key`). */
  readonly pointer: string;
}

/** Every entry of every security requirement in the document, skipping malformed lists. */
export function securityRequirementEntries(document: JsonObject): SecurityRequirementEntry[] {
  const out: SecurityRequirementEntry[] = [];
  const collect = (security: unknown, pointer: string) => {
    if (!Array.isArray(security)) return;
    security.forEach((requirement, index) => {
      if (!isObject(requirement)) return;
      for (const [scheme, scopes] of Object.entries(requirement)) {
        out.push({ scheme, scopes, pointer: childPointer(pointer, index, scheme) });
      }
    });
  };
  collect(document.security, '/security');
  for (const op of eachOperation(document)) collect(op.operation.security, childPointer(op.pointer, 'security'));
  return out;
}
