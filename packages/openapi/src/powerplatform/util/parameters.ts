/** Lists the effective parameters of a Swagger 2.0 operation, with the pointers where they live. */

import { memoized } from '../../memo.ts';
import { childPointer, isObject } from '../../pointer.ts';
import type { JsonObject, JsonValue } from '../../types.ts';
import type { OperationRef } from '../../walk.ts';
import { deref } from './refs.ts';

export interface ParameterRef {
  /** The parameter object (after following `$ref`). */
  parameter: JsonObject;
  /** Where the parameter object lives (the `$ref` target when referenced). */
  pointer: string;
  /** Where it is listed (an item of the operation's or path item's `parameters`). */
  usePointer: string;
  /** True when the parameter comes from the path item rather than the operation. */
  fromPathItem: boolean;
}

/**
 * Effective parameters: the operation's own plus the path item's that it does not override (by name + in).
 * Inside `withDocumentMemo` (several rules ask for every operation's) each list is made once.
 */
export function operationParameters(document: JsonObject, op: OperationRef): ParameterRef[] {
  return memoized('operationParameters', document, () => new ParameterLists(document)).of(op);
}

/** Effective parameter lists of a document's operations, each made once; `$ref` targets are looked up once. */
export class ParameterLists {
  readonly #document: JsonObject;
  #lists = new WeakMap<OperationRef, ParameterRef[]>();
  readonly #targets = new Map<string, { value: JsonValue | undefined; pointer: string }>();

  constructor(document: JsonObject) {
    this.#document = document;
  }

  of(op: OperationRef): ParameterRef[] {
    let found = this.#lists.get(op);
    if (found === undefined) {
      found = this.#list(op);
      this.#lists.set(op, found);
    }
    return found;
  }

  /** Drops the lists made so far, after parameters were added to or removed from operations or path items. */
  forgetLists(): void {
    this.#lists = new WeakMap();
  }

  #list(op: OperationRef): ParameterRef[] {
    const own = this.#listed(op.operation.parameters, childPointer(op.pointer, 'parameters'), false);
    const pathItemPointer = op.pointer.slice(0, op.pointer.lastIndexOf('/'));
    const shared = this.#listed(op.pathItem.parameters, childPointer(pathItemPointer, 'parameters'), true);
    if (shared.length === 0) return own;
    const key = (p: JsonObject) => `${String(p.in)}\u0000${String(p.name)}`;
    const ownKeys = new Set(own.map((p) => key(p.parameter)));
    return [...shared.filter((p) => !ownKeys.has(key(p.parameter))), ...own];
  }

  #listed(list: unknown, listPointer: string, fromPathItem: boolean): ParameterRef[] {
    if (!Array.isArray(list)) return [];
    const out: ParameterRef[] = [];
    list.forEach((item, index) => {
      const usePointer = childPointer(listPointer, index);
      const { value, pointer } = this.#deref(item, usePointer);
      if (isObject(value)) out.push({ parameter: value, pointer, usePointer, fromPathItem });
    });
    return out;
  }

  /** `deref`, with the result for each `$ref` text kept (where a chain ends depends on the text only). */
  #deref(item: JsonValue, usePointer: string): { value: JsonValue | undefined; pointer: string } {
    if (!isObject(item) || typeof item.$ref !== 'string') return { value: item, pointer: usePointer };
    let found = this.#targets.get(item.$ref);
    if (found === undefined) {
      found = deref(this.#document, item, usePointer);
      this.#targets.set(item.$ref, found);
    }
    return found;
  }
}
