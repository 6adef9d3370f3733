/**
 * Where a node sits in a document, as a link to its parent: whole-document walks keep one of these per container
 * and build a JSON Pointer only for what a rule reports (a pointer string per node costs more than the walk).
 */
import { escapeToken } from '../pointer.ts';
import type { JsonObject, JsonValue } from '../types.ts';

export interface Place {
  readonly node: JsonObject | JsonValue[];
  /** The container holding `node`; undefined for the root. */
  readonly parent: Place | undefined;
  /** Key or index of `node` in its parent. */
  readonly token: string | number;
}

/** The JSON Pointer of a place. */
export function pointerOf(place: Place): string {
  let pointer = '';
  for (let at: Place = place; at.parent !== undefined; at = at.parent) pointer = `/${escapeToken(at.token)}${pointer}`;
  return pointer;
}
