/**
 * Breaking-change diff of two OpenAPI definitions of any versions, compared on the normalised operation model:
 * what changed, where in each document, and whether it breaks existing clients.
 */
import { convertDocument, oasVersionOf } from '../convert/index.ts';
import { type ApiModel, buildModel } from '../model/index.ts';
import type { JsonObject, Loss, OasVersion } from '../types.ts';
import { DiffContext } from './context.ts';
import { diffSecuritySchemes, diffServers } from './document.ts';
import type { Change, DiffSummary } from './kinds.ts';
import { SourceLocator } from './locate.ts';
import { diffOperations } from './operations.ts';
import { SchemaComparer } from './schema.ts';

export { ADVICE } from './advice.ts';
export { CHANGE_KINDS, type Change, type ChangeKind, type Classification, type DiffSummary } from './kinds.ts';
export { matchOperations, type OperationMatch, type OperationPair } from './operations.ts';

export interface DiffOptions {
  /** The old document's version; detected from `swagger` / `openapi` when omitted. */
  oldVersion?: OasVersion;
  /** The new document's version; detected when omitted. */
  newVersion?: OasVersion;
}

export interface DiffResult {
  changes: Change[];
  summary: DiffSummary;
  /**
   * The version both sides were compared in: `2.0` when one side is Swagger 2.0 and the other is not (so that
   * what 2.0 cannot express is not reported as a change), else `3.0`.
   */
  comparedAs: OasVersion;
  /** What could not be compared: constructs of either document that the common version lacks. */
  notCompared: { old: Loss[]; new: Loss[] };
}

interface Side {
  model: ApiModel;
  /** The document in OpenAPI 3.0 form, which the model's `$ref`s point into. */
  normalised: JsonObject;
  losses: Loss[];
  locator: SourceLocator;
}

/** Compares two bundled definitions (internal `$ref`s only) and classifies each change for the API's clients. */
export function diffDefinitions(oldDoc: JsonObject, newDoc: JsonObject, options: DiffOptions = {}): DiffResult {
  const oldVersion = options.oldVersion ?? oasVersionOf(oldDoc);
  const newVersion = options.newVersion ?? oasVersionOf(newDoc);
  const comparedAs: OasVersion = (oldVersion === '2.0') !== (newVersion === '2.0') ? '2.0' : '3.0';
  const before = prepare(oldDoc, oldVersion, comparedAs);
  const after = prepare(newDoc, newVersion, comparedAs);
  const context = new DiffContext(
    new SchemaComparer(before.normalised, after.normalised),
    before.locator,
    after.locator,
  );
  diffServers(context, before.model, after.model);
  diffSecuritySchemes(context, before.model, after.model);
  diffOperations(context, before.model.operations, after.model.operations);
  const changes = context.changes;
  return {
    changes,
    summary: summariseChanges(changes),
    comparedAs,
    notCompared: { old: before.losses, new: after.losses },
  };
}

/** Counts changes by classification. */
export function summariseChanges(changes: readonly Change[]): DiffSummary {
  const summary: DiffSummary = { breaking: 0, nonBreaking: 0, unknown: 0 };
  for (const change of changes) {
    if (change.classification === 'breaking') summary.breaking++;
    else if (change.classification === 'non-breaking') summary.nonBreaking++;
    else summary.unknown++;
  }
  return summary;
}

/** Brings a document down to the common version (recording what that loses), then to the 3.0 model. */
function prepare(document: JsonObject, version: OasVersion, comparedAs: OasVersion): Side {
  let working = document;
  let workingVersion = version;
  let losses: Loss[] = [];
  if (comparedAs === '2.0' && version !== '2.0') {
    const down = convertDocument(document, { from: version, to: '2.0' });
    working = down.document;
    workingVersion = '2.0';
    losses = down.losses;
  }
  let normalised = working;
  if (workingVersion !== '3.0') {
    const up = convertDocument(working, { from: workingVersion, to: '3.0' });
    normalised = up.document;
    if (workingVersion === '3.1') losses = up.losses;
  }
  return {
    model: buildModel(normalised, { version: '3.0' }),
    normalised,
    losses,
    locator: new SourceLocator(document, version),
  };
}
