/**
 * Update that keeps customisations: a three-way merge of the new source package (theirs) with the maker's
 * overlay (mine) over the package it was made against (base). Where the maker changed something the source
 * also changed, or customised something the source removed, the merge reports a conflict and applies it only
 * as the explicit resolution says; nothing is dropped silently.
 */
import type { JsonObject, JsonValue } from '@portico/openapi';
import { parsePointer } from '@portico/openapi';
import {
  applyOp,
  describePath,
  type OverlayOp,
  parentExists,
  type SourceDocuments,
  sameJson,
  valueAt,
} from './overlay.ts';

export type Resolution = 'keep-mine' | 'take-theirs';
export const RESOLUTIONS: readonly Resolution[] = ['keep-mine', 'take-theirs'];

/** Why a customisation cannot be carried over on its own. */
export type ConflictKind = 'both-changed' | 'target-removed' | 'removed-but-changed';

/** A customisation the merge cannot apply without the maker's choice. */
export interface MergeConflict {
  /** The JSON Pointer of the customisation (`/definition/…` or `/properties/…`): the id to resolve it by. */
  pointer: string;
  kind: ConflictKind;
  /** The operation or place, e.g. `GET /items → summary`. */
  where: string;
  operationId?: string;
  /** Values: the maker's (null when removed), the new source's (null when absent) and the previous source's. */
  mine: JsonValue | null;
  theirs: JsonValue | null;
  base: JsonValue | null;
  message: string;
  /** The choice applied, when one was given. */
  resolution?: Resolution;
}

export interface MergeResult {
  merged: SourceDocuments;
  /** Every conflict, resolved or not. */
  conflicts: MergeConflict[];
  /** Conflicts without a resolution: the update cannot proceed until each has one. */
  unresolved: MergeConflict[];
  /** The overlay carried into the merged version (customisations applied). */
  kept: OverlayOp[];
  /** Customisations that the new source already contains (nothing left to apply). */
  absorbed: OverlayOp[];
}

const short = (value: JsonValue | undefined): string => {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

function operationIdAt(docs: readonly unknown[], pointer: string): string | undefined {
  const tokens = parsePointer(pointer);
  if (tokens[0] !== 'definition' || tokens[1] !== 'paths' || tokens.length < 4) return undefined;
  const at = `/definition/paths/${tokens[2]!.replace(/~/g, '~0').replace(/\//g, '~1')}/${tokens[3]}/operationId`;
  for (const doc of docs) {
    const id = valueAt(doc, at);
    if (typeof id === 'string') return id;
  }
  return undefined;
}

function conflictMessage(
  kind: ConflictKind,
  where: string,
  mine: JsonValue | undefined,
  theirs: JsonValue | undefined,
  base: JsonValue | undefined,
): string {
  if (kind === 'target-removed') {
    return `${where}: you customised this (${short(mine)}), but the new API definition no longer has it; choose "keep-mine" to keep your version of it, or "take-theirs" to drop your change.`;
  }
  if (kind === 'removed-but-changed') {
    return `${where}: you removed this, but the new API definition changes it (now ${short(theirs)}); choose "keep-mine" to keep it removed, or "take-theirs" to bring back the new version.`;
  }
  return `${where}: you set ${short(mine)}, and the new API definition changes it from ${short(base)} to ${short(theirs)}; choose "keep-mine" or "take-theirs".`;
}

/**
 * Merges `overlay` (mine, made against `base`) into `theirs`. `current` is the maker's whole document, used to
 * rebuild what "keep-mine" keeps when the source removed its parent. `resolutions` maps conflict pointers to
 * choices; conflicts without one are returned as unresolved (their customisation is not applied).
 */
export function mergeOverlay(input: {
  base: SourceDocuments;
  theirs: SourceDocuments;
  current: SourceDocuments;
  overlay: readonly OverlayOp[];
  resolutions?: ReadonlyMap<string, Resolution>;
}): MergeResult {
  const merged = structuredClone(input.theirs) as unknown as JsonObject;
  const result: MergeResult = {
    merged: merged as unknown as SourceDocuments,
    conflicts: [],
    unresolved: [],
    kept: [],
    absorbed: [],
  };
  for (const op of input.overlay) {
    const base = valueAt(input.base, op.path);
    const theirs = valueAt(input.theirs, op.path);
    const mine = op.op === 'remove' ? undefined : op.value;
    const theirsChanged = !sameJson(base, theirs);
    if (theirsChanged && sameJson(mine, theirs)) {
      result.absorbed.push(op);
      continue;
    }
    let kind: ConflictKind | undefined;
    if (theirsChanged) {
      if (op.op === 'remove') kind = 'removed-but-changed';
      else if (theirs === undefined) kind = 'target-removed';
      else kind = 'both-changed';
    } else if (op.op !== 'remove' && !parentExists(input.theirs, op.path)) {
      kind = 'target-removed';
    }
    if (!kind) {
      applyOp(merged, op);
      result.kept.push(op);
      continue;
    }
    const where = describePath(op.path);
    const operationId = operationIdAt([input.current, input.base, input.theirs], op.path);
    const conflict: MergeConflict = {
      pointer: op.path,
      kind,
      where,
      ...(operationId ? { operationId } : {}),
      mine: mine ?? null,
      theirs: theirs ?? null,
      base: base ?? null,
      message: conflictMessage(kind, where, mine, theirs, base),
    };
    const choice = input.resolutions?.get(op.path);
    if (choice) conflict.resolution = choice;
    result.conflicts.push(conflict);
    if (!choice) {
      result.unresolved.push(conflict);
    } else if (choice === 'keep-mine') {
      applyOp(merged, op, input.current as unknown as JsonObject);
      result.kept.push(op);
    }
  }
  return result;
}
