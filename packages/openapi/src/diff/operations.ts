/**
 * Matches the operations of two models (operationId first, then method + path) and compares each pair, so a
 * renamed operationId is one `operation-renamed` change, not a removal and an addition.
 */
import type { ModelOperation, ModelSecurityRequirement } from '../model/index.ts';
import { diffRequestBody, diffResponses } from './bodies.ts';
import type { DiffContext } from './context.ts';
import { diffParameters } from './parameters.ts';

export interface OperationPair {
  before: ModelOperation;
  after: ModelOperation;
}

export interface OperationMatch {
  pairs: OperationPair[];
  removed: ModelOperation[];
  added: ModelOperation[];
}

/** `/pets/{petId}` and `/pets/{id}` are the same URL to a client. */
function urlShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function endpoint(operation: ModelOperation): string {
  return `${operation.method} ${urlShape(operation.path)}`;
}

/** Pairs operations by operationId, then the rest by method and path. */
export function matchOperations(before: ModelOperation[], after: ModelOperation[]): OperationMatch {
  const pairs: OperationPair[] = [];
  const byId = new Map(after.map((operation) => [operation.operationId, operation]));
  const taken = new Set<ModelOperation>();
  const unmatched: ModelOperation[] = [];
  for (const operation of before) {
    const match = byId.get(operation.operationId);
    if (match !== undefined && !taken.has(match)) {
      taken.add(match);
      pairs.push({ before: operation, after: match });
    } else {
      unmatched.push(operation);
    }
  }
  const byEndpoint = new Map<string, ModelOperation>();
  for (const operation of after) if (!taken.has(operation)) byEndpoint.set(endpoint(operation), operation);
  const removed: ModelOperation[] = [];
  for (const operation of unmatched) {
    const match = byEndpoint.get(endpoint(operation));
    if (match !== undefined && !taken.has(match)) {
      taken.add(match);
      pairs.push({ before: operation, after: match });
    } else {
      removed.push(operation);
    }
  }
  return { pairs, removed, added: after.filter((operation) => !taken.has(operation)) };
}

/** Reports removed and added operations and every change within the matched ones. */
export function diffOperations(context: DiffContext, before: ModelOperation[], after: ModelOperation[]): void {
  const { pairs, removed, added } = matchOperations(before, after);
  for (const operation of removed) {
    context.operation('operation-removed', operation, 'the operation was removed', {
      oldPointer: context.oldSide.locate(['paths', operation.path, operation.method]),
      newPointer: context.newSide.locate(['paths', operation.path, operation.method]),
    });
  }
  for (const pair of pairs) diffOperation(context, pair);
  for (const operation of added) {
    context.operation('operation-added', operation, 'the operation was added', {
      oldPointer: context.oldSide.locate(['paths', operation.path, operation.method]),
      newPointer: context.newSide.locate(['paths', operation.path, operation.method]),
    });
  }
}

function diffOperation(context: DiffContext, { before, after }: OperationPair): void {
  const pointers = {
    oldPointer: context.oldSide.locate(['paths', before.path, before.method]),
    newPointer: context.newSide.locate(['paths', after.path, after.method]),
  };
  if (before.operationId !== after.operationId) {
    context.operation(
      'operation-renamed',
      after,
      `the operationId changed from "${before.operationId}" to "${after.operationId}"`,
      pointers,
    );
  }
  if (urlShape(before.path) !== urlShape(after.path)) {
    context.operation(
      'operation-path-changed',
      after,
      `the path changed from ${before.path} to ${after.path}`,
      pointers,
    );
  }
  if (before.method !== after.method) {
    context.operation(
      'operation-method-changed',
      after,
      `the method changed from ${before.method.toUpperCase()} to ${after.method.toUpperCase()}`,
      pointers,
    );
  }
  if (!before.deprecated && after.deprecated) {
    context.operation('operation-deprecated', after, 'the operation was deprecated', pointers);
  }
  diffSecurity(context, before, after, {
    oldPointer: context.oldSide.locate(['paths', before.path, before.method, 'security']),
    newPointer: context.newSide.locate(['paths', after.path, after.method, 'security']),
  });
  diffParameters(context, before, after);
  diffRequestBody(context, before, after);
  diffResponses(context, before, after);
}

/** `oauth[read,write] & apiKey` — one alternative of a requirement, order-independent. */
function requirementKey(requirement: ModelSecurityRequirement): string {
  return Object.entries(requirement)
    .map(([scheme, scopes]) => `${scheme}[${[...scopes].sort().join(',')}]`)
    .sort()
    .join(' & ');
}

function describeSecurity(keys: string[]): string {
  return keys.length === 0 ? 'no authentication' : keys.map((key) => `(${key || 'anonymous'})`).join(' or ');
}

function diffSecurity(
  context: DiffContext,
  before: ModelOperation,
  after: ModelOperation,
  pointers: { oldPointer: string; newPointer: string },
): void {
  const oldKeys = [...new Set(before.security.map(requirementKey))].sort();
  const newKeys = [...new Set(after.security.map(requirementKey))].sort();
  if (oldKeys.join('\n') === newKeys.join('\n')) return;
  // Still accepting every way of calling it that worked before (or no longer asking for anything) is relaxed.
  const relaxed =
    newKeys.length === 0 ||
    newKeys.includes('') ||
    (oldKeys.length > 0 && oldKeys.every((key) => newKeys.includes(key)));
  context.operation(
    relaxed ? 'security-relaxed' : 'security-changed',
    after,
    `the security requirements changed from ${describeSecurity(oldKeys)} to ${describeSecurity(newKeys)}`,
    pointers,
  );
}
