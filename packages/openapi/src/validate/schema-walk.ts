/** Visits every object of a document that may be a schema or parameter, skipping example data and extensions. */
import type { JsonObject } from '../types.ts';
import { documentIndex } from './document-index.ts';

/**
 * Calls `visit` for every such object, in document order; during the call, `pointer()` builds the JSON Pointer
 * of the object being visited.
 */
export function eachObject(document: JsonObject, visit: (node: JsonObject, pointer: () => string) => void): void {
  const index = documentIndex(document);
  const objects = index.objects;
  let current = 0;
  // One function for all visits (not one per object): it reads the index of the object being visited.
  const pointer = () => index.pointer(current);
  for (; current < objects.length; current++) visit(objects[current] as JsonObject, pointer);
}
