/** Traversal helpers the validation rules share: resolved parameters, `$ref` targets, security schemes. */
import { memoized } from '../memo.ts';
import { childPointer, isObject, parsePointer } from '../pointer.ts';
import type { JsonObject, JsonValue, OasVersion } from '../types.ts';
import type { OperationRef } from '../walk.ts';

/** Hop limit when following `$ref` chains; a longer chain is treated as circular. */
export const MAX_REF_HOPS = 64;

/** Where a `$ref` chain ends: the target and its pointer, or why it does not resolve. */
export type RefTarget =
  | { ok: true; value: JsonValue; pointer: string }
  | { ok: false; reason: 'missing' | 'circular' | 'external' | 'invalid'; ref: string };

/** Follows internal `$ref`s from `node` (found at `pointer`) and tells where the chain ends. */
export function followRef(document: JsonValue, node: JsonValue, pointer: string): RefTarget {
  if (!isObject(node) || typeof node.$ref !== 'string') return { ok: true, value: node, pointer };
  // Where a chain ends depends on the reference text only: inside `withDocumentMemo` each is followed once.
  const known = isObject(document) ? memoized('refTargets', document, () => new Map<string, RefTarget>()) : undefined;
  let target = known?.get(node.$ref);
  if (target === undefined) {
    target = followChain(document, node);
    known?.set(node.$ref, target);
  }
  return target;
}

function followChain(document: JsonValue, node: JsonObject): RefTarget {
  let current: JsonValue = node;
  let at = '';
  const seen = new Set<string>();
  for (let hops = 0; hops <= MAX_REF_HOPS; hops++) {
    if (!isObject(current) || typeof current.$ref !== 'string') return { ok: true, value: current, pointer: at };
    const ref = current.$ref;
    if (!ref.startsWith('#')) return { ok: false, reason: 'external', ref };
    if (seen.has(ref)) return { ok: false, reason: 'circular', ref };
    seen.add(ref);
    let tokens: string[];
    try {
      tokens = parsePointer(ref);
    } catch {
      return { ok: false, reason: 'invalid', ref };
    }
    let target: JsonValue | undefined = document;
    for (const token of tokens) {
      if (Array.isArray(target) && /^(0|[1-9][0-9]*)$/.test(token)) target = target[Number(token)];
      else if (isObject(target) && Object.hasOwn(target, token)) target = target[token];
      else return { ok: false, reason: 'missing', ref };
    }
    if (target === undefined) return { ok: false, reason: 'missing', ref };
    current = target;
    at = tokens.length === 0 ? '' : childPointer('', ...tokens);
  }
  return { ok: false, reason: 'circular', ref: String((current as JsonObject).$ref) };
}

/** One parameter as seen by an operation: the resolved object, where it is used and where it is defined. */
export interface ResolvedParameter {
  readonly parameter: JsonObject;
  /** Pointer of the list item (the `$ref` itself when the parameter is referenced). */
  readonly pointer: string;
  /** Pointer of the parameter object after following `$ref`s. */
  readonly definedAt: string;
  readonly level: 'path' | 'operation';
}

/** The resolved parameter objects of one list (`parameters` of a path item or operation); skips garbage. */
export function parameterList(
  document: JsonObject,
  list: unknown,
  pointer: string,
  level: 'path' | 'operation',
): ResolvedParameter[] {
  if (!Array.isArray(list)) return [];
  const out: ResolvedParameter[] = [];
  list.forEach((item, index) => {
    const itemPointer = childPointer(pointer, index);
    const target = followRef(document, item as JsonValue, itemPointer);
    if (target.ok && isObject(target.value)) {
      out.push({ parameter: target.value, pointer: itemPointer, definedAt: target.pointer, level });
    }
  });
  return out;
}

/** Pointer of the path item that holds `op` (`/paths/~1pets`): the operation's pointer without the method. */
export function pathItemPointer(op: OperationRef): string {
  return op.pointer.slice(0, op.pointer.length - op.method.length - 1);
}

/**
 * Path-level and operation-level parameters of `op`, each list in document order (inside `withDocumentMemo`,
 * listed once for all the rules that ask; callers must not change the list).
 */
export function operationParameters(document: JsonObject, op: OperationRef): readonly ResolvedParameter[] {
  return memoized('operationParameters', op, () => [
    ...parameterList(document, op.pathItem.parameters, childPointer(pathItemPointer(op), 'parameters'), 'path'),
    ...parameterList(document, op.operation.parameters, childPointer(op.pointer, 'parameters'), 'operation'),
  ]);
}

/**
 * The parameters that apply to `op`: an operation-level parameter overrides a path-level one with the same
 * name and location.
 */
export function effectiveParameters(document: JsonObject, op: OperationRef): readonly ResolvedParameter[] {
  return memoized('effectiveParameters', op, () => {
    const all = operationParameters(document, op);
    const own = new Set(all.filter((p) => p.level === 'operation').map(parameterKey));
    return all.filter((p) => p.level === 'operation' || !own.has(parameterKey(p)));
  });
}

/** `in:name` identity of a parameter; header names compare case-insensitively. */
export function parameterKey(p: ResolvedParameter): string {
  const location = String(p.parameter.in);
  const name = String(p.parameter.name);
  return `${location}:${location === 'header' ? name.toLowerCase() : name}`;
}

/** The security scheme map of the document (`securityDefinitions` or `components.securitySchemes`). */
export function securitySchemes(document: JsonObject, version: OasVersion): { schemes: JsonObject; pointer: string } {
  if (version === '2.0') {
    const schemes = document.securityDefinitions;
    return { schemes: isObject(schemes) ? schemes : {}, pointer: '/securityDefinitions' };
  }
  const components = document.components;
  const schemes = isObject(components) ? components.securitySchemes : undefined;
  return { schemes: isObject(schemes) ? schemes : {}, pointer: '/components/securitySchemes' };
}

/** The `{name}` templates of a path, in order. */
export function pathTemplates(path: string): string[] {
  return [...path.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
}

/** Readable place of an operation for messages: `GET /pets/{id}`. */
export function operationLabel(op: OperationRef): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}
