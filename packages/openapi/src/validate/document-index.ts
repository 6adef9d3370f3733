/**
 * What the whole-document rules look for, gathered by one walk per document (shared inside `withDocumentMemo`):
 * the objects that may be schemas or parameters, and every reference. Where each object sits is found again
 * only when a rule asks for a pointer, because a place or pointer per node costs more than the walk itself.
 */
import { memoized } from '../memo.ts';
import { isObject } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';
import { type Place, pointerOf } from './place.ts';

/** Keys whose values are data, not OpenAPI objects. */
const DATA_KEYS = new Set(['example', 'examples', 'enum', 'default', 'const']);

export class DocumentIndex {
  /** Objects outside example data and extensions (anything that may be a schema or parameter), in document order. */
  readonly objects: JsonObject[] = [];
  /** Each distinct `$ref` string, wherever it appears (examples and extensions included). */
  readonly refs = new Set<string>();
  /** Each `discriminator.mapping` object, wherever it appears. */
  readonly mappings: JsonObject[] = [];
  private places: Place[] | undefined;

  constructor(private readonly root: JsonObject) {
    // A function of its own, not the constructor body: optimised inside a constructor, V8 tied the walk's code
    // to one index and threw it away when that index died, so every document walked half in the interpreter.
    gather(root, this.objects, this.refs, this.mappings);
  }

  /** The JSON Pointer of `objects[index]`. */
  pointer(index: number): string {
    this.places ??= objectPlaces(this.root);
    return pointerOf(this.places[index] as Place);
  }
}

/** The index of `document`. */
export function documentIndex(document: JsonObject): DocumentIndex {
  return memoized('documentIndex', document, () => new DocumentIndex(document));
}

/**
 * Fills the index, depth first in document order, iteratively (deep documents cannot overflow the call stack).
 * Pending containers are kept in parallel stacks, so that the walk allocates nothing per node.
 */
function gather(root: JsonObject, objects: JsonObject[], refs: Set<string>, mappings: JsonObject[]): void {
  const nodes: Array<JsonObject | JsonValue[]> = [root];
  // Whether the node is inside example data or an extension: objects there are not listed.
  const inData = [false];
  while (nodes.length > 0) {
    const node = nodes.pop() as JsonObject | JsonValue[];
    const data = inData.pop() as boolean;
    const pushed = nodes.length;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (item === null || typeof item !== 'object') continue;
        nodes.push(item);
        inData.push(data);
      }
    } else {
      if (!data) objects.push(node);
      // Members are tested by key while iterating: reading `node.$ref` by name on objects of thousands of
      // different shapes costs more than the walk itself.
      for (const key in node) {
        const value = node[key];
        if (value !== null && typeof value === 'object') {
          nodes.push(value);
          inData.push(data || skipped(key));
          if (key === 'discriminator' && isObject(value) && isObject(value.mapping)) mappings.push(value.mapping);
        } else if (key === '$ref' && typeof value === 'string') {
          refs.add(value);
        }
      }
    }
    // Children were pushed in order; reverse them so that the first is visited first.
    reverseFrom(nodes, pushed);
    reverseFrom(inData, pushed);
  }
}

/** The place of each object the index lists, in the same order: the same walk, keeping where each node is. */
function objectPlaces(root: JsonObject): Place[] {
  const out: Place[] = [];
  const stack: Array<Place & { data: boolean }> = [{ node: root, parent: undefined, token: '', data: false }];
  while (stack.length > 0) {
    const place = stack.pop() as Place & { data: boolean };
    const { node, data } = place;
    const pushed = stack.length;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (item !== null && typeof item === 'object') stack.push({ node: item, parent: place, token: i, data });
      }
    } else {
      if (!data) out.push(place);
      for (const key in node) {
        const value = node[key];
        if (value === null || typeof value !== 'object') continue;
        stack.push({ node: value, parent: place, token: key, data: data || skipped(key) });
      }
    }
    reverseFrom(stack, pushed);
  }
  return out;
}

function reverseFrom<T>(list: T[], start: number): void {
  for (let a = start, b = list.length - 1; a < b; a++, b--) {
    const first = list[a] as T;
    list[a] = list[b] as T;
    list[b] = first;
  }
}

/** Whether objects below member `key` are data or extensions, which the object list skips. */
function skipped(key: string): boolean {
  return DATA_KEYS.has(key) || isExtension(key);
}

/** `x-…`, tested by char codes: this runs for every object-valued member of the document. */
function isExtension(key: string): boolean {
  return key.charCodeAt(0) === 120 && key.charCodeAt(1) === 45;
}
