/** 2.0 fixes on operations: operationIds (renames tracked), summaries, responses. */
import { childPointer, isObject } from '../../pointer.ts';
import type { AppliedFix, JsonObject } from '../../types.ts';
import type { OperationRef } from '../../walk.ts';
import { MAX_SUMMARY_LENGTH } from '../limits.ts';
import { collectFacts, type FactsCache } from '../util/facts.ts';
import { cloneJson } from '../util/json.ts';
import { deref } from '../util/refs.ts';
import { operationIdFrom, sanitizeOperationId, sentenceCase, truncateWords } from './names.ts';

/**
 * Generates missing operationIds, sanitizes invalid ones and makes them unique; returns old → new names.
 * x-ms-* references to renamed operations are found with `facts`.
 */
export function fixOperationIds(
  document: JsonObject,
  operations: readonly OperationRef[],
  fixes: AppliedFix[],
  facts: FactsCache,
): Record<string, string> {
  const taken = new Set<string>();
  const keepAsIs = new Set<JsonObject>();
  for (const op of operations) {
    const id = op.operation.operationId;
    if (typeof id === 'string' && /^[A-Za-z0-9_]+$/.test(id) && !taken.has(id.toLowerCase())) {
      taken.add(id.toLowerCase());
      keepAsIs.add(op.operation);
    }
  }
  const renames: Record<string, string> = {};
  for (const op of operations) {
    if (keepAsIs.has(op.operation)) continue;
    const old = op.operation.operationId;
    const base =
      typeof old === 'string' && old !== ''
        ? sanitizeOperationId(old) || operationIdFrom(op.method, op.path)
        : operationIdFrom(op.method, op.path);
    let candidate = base;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    taken.add(candidate.toLowerCase());
    op.operation.operationId = candidate;
    const pointer = childPointer(op.pointer, 'operationId');
    if (typeof old === 'string' && old !== '') {
      if (!(old in renames)) renames[old] = candidate;
      fixes.push({
        rule: 'pp-operation-id-characters',
        pointer,
        message: `operationId "${old}" renamed to "${candidate}".`,
      });
    } else {
      fixes.push({
        rule: 'pp-operation-id-required',
        pointer,
        message: `Added operationId "${candidate}" for ${op.method.toUpperCase()} ${op.path}.`,
      });
    }
  }
  renameReferences(document, renames, fixes, facts);
  return renames;
}

/** Updates x-ms-* references (dynamic values, notifications, capabilities, operation context) to renamed operations. */
function renameReferences(
  document: JsonObject,
  renames: Record<string, string>,
  fixes: AppliedFix[],
  facts: FactsCache,
): void {
  if (Object.keys(renames).length === 0) return;
  const visit = (node: unknown, pointer: string) => {
    if (!isObject(node)) return;
    if (typeof node.operationId === 'string' && node.operationId in renames) {
      node.operationId = renames[node.operationId]!;
      fixes.push({
        rule: 'pp-x-ms-dynamic',
        pointer: childPointer(pointer, 'operationId'),
        message: `Reference updated to "${node.operationId}".`,
      });
    }
    for (const [key, value] of Object.entries(node)) if (isObject(value)) visit(value, childPointer(pointer, key));
  };
  for (const ext of collectFacts(document, facts).extensions) visit(ext.value, ext.pointer);
}

/** Adds missing summaries and trims ones that are too long or end in punctuation. */
export function fixSummaries(operations: readonly OperationRef[], fixes: AppliedFix[]): void {
  for (const op of operations) {
    const pointer = childPointer(op.pointer, 'summary');
    const summary = typeof op.operation.summary === 'string' ? op.operation.summary.trim() : '';
    if (summary === '') {
      const description = typeof op.operation.description === 'string' ? op.operation.description.trim() : '';
      const sentence = description.split(/(?<=[.!?])\s|\n/)[0]?.trim() ?? '';
      const fromDescription = sentence.replace(/[^\p{L}\p{N})]+$/u, '');
      const derived =
        fromDescription !== '' && fromDescription.length <= MAX_SUMMARY_LENGTH && !fromDescription.includes('/')
          ? fromDescription
          : truncateWords(sentenceCase(String(op.operation.operationId ?? op.method)), MAX_SUMMARY_LENGTH);
      op.operation.summary = derived;
      fixes.push({ rule: 'pp-operation-summary', pointer, message: `Added summary "${derived}".` });
      continue;
    }
    let next = summary;
    if (next.length > MAX_SUMMARY_LENGTH) {
      if (op.operation.description === undefined) op.operation.description = summary;
      next = truncateWords(next, MAX_SUMMARY_LENGTH);
    }
    next = next.replace(/[^\p{L}\p{N})]+$/u, '');
    if (next !== '' && next !== op.operation.summary) {
      fixes.push({
        rule: 'pp-operation-summary',
        pointer,
        message: `Summary "${String(op.operation.summary)}" became "${next}".`,
      });
      op.operation.summary = next;
    }
  }
}

/**
 * Ensures a 2xx response (copying `default` when it is the only one) and removes schemas from `default`.
 * Operations whose responses it replaces are forgotten by `facts`.
 */
export function fixResponses(
  document: JsonObject,
  operations: readonly OperationRef[],
  fixes: AppliedFix[],
  facts: FactsCache,
): void {
  for (const op of operations) {
    const pointer = childPointer(op.pointer, 'responses');
    const forget = () => {
      facts.forget(op.operation);
      // An operation of a referenced path item sits elsewhere in the document, maybe inside another part.
      if (!isObject(document.paths) || document.paths[op.path] !== op.pathItem) facts.clear();
    };
    if (
      !isObject(op.operation.responses) ||
      Object.keys(op.operation.responses).filter((k) => !k.startsWith('x-')).length === 0
    ) {
      op.operation.responses = {
        '200': { description: 'Success' },
        ...(isObject(op.operation.responses) ? op.operation.responses : {}),
      };
      fixes.push({ rule: 'pp-response-success', pointer, message: 'Added a 200 response.' });
      forget();
      continue;
    }
    const responses = op.operation.responses;
    const hasSuccess = Object.keys(responses).some((code) => /^2\d\d$/.test(code));
    if (!hasSuccess) {
      const fallback = deref(document, responses.default, '').value;
      const success: JsonObject = isObject(fallback) ? cloneJson(fallback) : { description: 'Success' };
      if (typeof success.description !== 'string') success.description = 'Success';
      op.operation.responses = { '200': success, ...responses };
      forget();
      fixes.push({
        rule: 'pp-response-success',
        pointer,
        message: isObject(fallback)
          ? 'Added a 200 response with the default response as its content.'
          : 'Added a 200 response.',
      });
    }
    const current = op.operation.responses as JsonObject;
    const def = deref(document, current.default, '').value;
    if (isObject(def) && def.schema !== undefined) {
      const copy = cloneJson(def);
      delete copy.schema;
      current.default = copy;
      forget();
      fixes.push({
        rule: 'pp-default-response-schema',
        pointer: childPointer(pointer, 'default', 'schema'),
        message: 'Removed the schema of the default response.',
      });
    }
  }
}
