/** Converts OpenAPI documents between 2.0, 3.0 and 3.1, reporting every construct the target lacks. */
import { isObject } from '../pointer.ts';
import type { JsonObject, Loss, OasVersion } from '../types.ts';
import { cloneNoting, noteShared, unshare } from './clone.ts';
import { ConvertContext } from './context.ts';
import { stepsFor } from './pipelines.ts';

export { LOSS_KINDS, type LossKind } from './losses.ts';

export interface ConvertOptions {
  to: OasVersion;
  /** The input's version; detected from `swagger` / `openapi` when omitted. */
  from?: OasVersion;
  /**
   * Converts the given document itself, which becomes the result, instead of a copy: for a caller that
   * owns the document and needs it no more. Saves copying it (the larger part of a conversion's time and
   * memory); the result and losses are the same.
   */
  inPlace?: boolean;
}

export interface ConvertResult {
  document: JsonObject;
  losses: Loss[];
}

/** The OpenAPI family of a document, from its `swagger` or `openapi` field; throws when neither is usable. */
export function oasVersionOf(document: JsonObject): OasVersion {
  if (typeof document.swagger === 'string' && document.swagger.startsWith('2.')) return '2.0';
  if (typeof document.openapi === 'string') {
    if (document.openapi.startsWith('3.0')) return '3.0';
    if (document.openapi.startsWith('3.1')) return '3.1';
  }
  const found = document.openapi ?? document.swagger;
  throw new Error(
    `Cannot tell the OpenAPI version of the document: "/${document.openapi !== undefined ? 'openapi' : 'swagger'}" is ${JSON.stringify(found ?? null)}; set "openapi" to 3.0.x or 3.1.x, or "swagger" to "2.0".`,
  );
}

/**
 * Converts a bundled document (internal `$ref`s only) to another OpenAPI version. The input is never
 * mutated (unless `inPlace`); losses point into the input and say what was done instead.
 */
export function convertDocument(document: JsonObject, options: ConvertOptions): ConvertResult {
  if (!isObject(document))
    throw new Error('convertDocument expects a parsed OpenAPI document (a JSON object) as input.');
  const from = options.from ?? oasVersionOf(document);
  // What the working copy holds in more than one place: walks need to remember only these objects.
  const shared = new Set<object>();
  let working = options.inPlace === true ? noteShared(document, shared) : cloneNoting(document, shared);
  const losses: Loss[] = [];
  const steps = stepsFor(from, options.to);
  let last: ConvertContext | undefined;
  for (const step of steps) {
    last = new ConvertContext(working, step.from, step.to, shared);
    for (const pass of step.passes) {
      const repeats = last.repeats;
      pass.run(last);
      // Places found by an earlier walk stay right only across passes that move nothing.
      if (repeats !== undefined && last.repeats === repeats && pass.movesNothing !== true) last.repeats = undefined;
    }
    working = last.document;
    losses.push(...last.losses);
  }
  if (last !== undefined) unshare(working, shared, last.repeats);
  return { document: working, losses };
}
