/**
 * Fixes applied to an OpenAPI 3.x document BEFORE conversion to 2.0, where the source still says
 * what it means: bearer auth becomes Power Platform's "paste Bearer <token>" API key, and a single
 * usable security scheme is chosen.
 */
import { childPointer, isObject } from '../../pointer.ts';
import type { AppliedFix, JsonObject, JsonValue } from '../../types.ts';
import { HTTP_METHODS } from '../../walk.ts';
import { cloneJson } from '../util/json.ts';
import { allRequirements, pruneRequirementList, schemesToKeep } from './security.ts';

/** The description Power Platform makers see for a bearer token pasted into an API key. */
export const BEARER_DESCRIPTION =
  'Paste the word Bearer, a space and your token (for example "Bearer eyJ…"); Power Platform sends it as the Authorization header.';

function operationsOf(document: JsonObject): JsonObject[] {
  const out: JsonObject[] = [];
  if (!isObject(document.paths)) return out;
  for (const item of Object.values(document.paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) if (isObject(item[method])) out.push(item[method] as JsonObject);
  }
  return out;
}

/**
 * Copies the path map, each path item and each operation (one level each), so that operations can be edited
 * without touching `document3`'s; everything below them stays shared.
 */
function copyOperations(document: JsonObject): void {
  if (!isObject(document.paths)) return;
  const paths: JsonObject = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isObject(item)) {
      setMember(paths, path, item);
      continue;
    }
    const copy: JsonObject = { ...item };
    for (const method of HTTP_METHODS) if (isObject(copy[method])) copy[method] = { ...(copy[method] as JsonObject) };
    setMember(paths, path, copy);
  }
  document.paths = paths;
}

/** `object[key] = value`, keeping a member named `__proto__` a plain member. */
function setMember(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__')
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/**
 * Applies the pre-conversion fixes to a 3.x document; returns the fixed document and what changed.
 * `document3` is never mutated: the result is a copy-on-write view that shares every part it does not change
 * (the root, `components`, `securitySchemes` and, when requirements are pruned, the operations are copied).
 */
export function applyPreConversionFixes(document3: JsonObject): { document: JsonObject; fixes: AppliedFix[] } {
  const document: JsonObject = { ...document3 };
  const fixes: AppliedFix[] = [];
  if (!isObject(document.components) || !isObject(document.components.securitySchemes)) return { document, fixes };
  const components: JsonObject = { ...document.components };
  document.components = components;
  const schemes: JsonObject = { ...(components.securitySchemes as JsonObject) };
  components.securitySchemes = schemes;
  const resolved: Record<string, JsonObject> = {};
  for (const [name, raw] of Object.entries(schemes)) {
    let scheme = raw;
    if (
      isObject(scheme) &&
      typeof scheme.$ref === 'string' &&
      scheme.$ref.startsWith('#/components/securitySchemes/')
    ) {
      scheme = schemes[scheme.$ref.slice('#/components/securitySchemes/'.length)] ?? scheme;
    }
    if (!isObject(scheme)) continue;
    const pointer = childPointer('/components/securitySchemes', name);
    if (scheme.type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
      const replaced: JsonObject = {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: BEARER_DESCRIPTION,
      };
      for (const [key, value] of Object.entries(scheme)) if (key.startsWith('x-')) replaced[key] = value;
      if (typeof scheme.bearerFormat === 'string') replaced['x-bearerFormat'] = scheme.bearerFormat;
      schemes[name] = replaced;
      scheme = replaced;
      fixes.push({
        rule: 'pp-security-bearer',
        pointer,
        message: `HTTP bearer scheme "${name}" became an API key in the Authorization header; connection users paste "Bearer <token>".`,
      });
    }
    if (scheme.type === 'oauth2' && isObject(scheme.flows) && isObject(scheme.flows.authorizationCode)) {
      const others = Object.keys(scheme.flows).filter((f) => f !== 'authorizationCode');
      if (others.length > 0) {
        const copy = cloneJson(scheme);
        copy.flows = { authorizationCode: (scheme.flows as JsonObject).authorizationCode! };
        schemes[name] = copy;
        scheme = copy;
        fixes.push({
          rule: 'pp-security-definitions',
          pointer: childPointer(pointer, 'flows'),
          message: `OAuth 2.0 scheme "${name}" keeps its authorizationCode flow only (dropped: ${others.join(', ')}).`,
        });
      }
    }
    resolved[name] = scheme;
  }
  let operations = operationsOf(document);
  const keep = new Set(schemesToKeep(resolved, allRequirements(document, operations)));
  const dropped = Object.keys(schemes).filter((n) => !keep.has(n));
  if (dropped.length > 0 && keep.size > 0) {
    copyOperations(document);
    operations = operationsOf(document);
    for (const name of dropped) {
      const scheme = resolved[name];
      delete schemes[name];
      fixes.push({
        rule: 'pp-security-definitions',
        pointer: childPointer('/components/securitySchemes', name),
        message: `Dropped security scheme "${name}" (${describeScheme(scheme)}); the connector uses "${[...keep].join('", "')}".`,
      });
    }
    pruneRequirementList(document, keep);
    for (const op of operations) pruneRequirementList(op, keep);
  }
  return { document, fixes };
}

function describeScheme(scheme: JsonObject | undefined): string {
  if (!scheme) return 'unusable';
  if (scheme.type === 'http') return `http ${String(scheme.scheme)}`;
  if (scheme.type === 'apiKey') return `API key in ${String(scheme.in)} "${String(scheme.name)}"`;
  return String(scheme.type);
}
