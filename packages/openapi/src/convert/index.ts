/** Converts OpenAPI documents between 2.0, 3.0 and 3.1, reporting every construct the target lacks. */
import { isObject } from '../pointer.ts';
import type { JsonObject, Loss, OasVersion } from '../types.ts';
import { deepClone, unshare } from './clone.ts';
import { ConvertContext } from './context.ts';
import { stepsFor } from './pipelines.ts';

export { LOSS_KINDS, type LossKind } from './losses.ts';

export interface ConvertOptions {
  to: OasVersion;
  /** The input's version; detected from `swagger` / `openapi` when omitted. */
  from?: OasVersion;
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
 * mutated; losses point into the input and say what was done instead.
 */
export function convertDocument(document: JsonObject, options: ConvertOptions): ConvertResult {
  if (!isObject(document))
    throw new Error('convertDocument expects a parsed OpenAPI document (a JSON object) as input.');
  const from = options.from ?? oasVersionOf(document);
  let working = deepClone(document);
  const losses: Loss[] = [];
  const steps = stepsFor(from, options.to);
  for (const step of steps) {
    const context = new ConvertContext(working, step.from, step.to);
    for (const pass of step.passes) pass.run(context);
    working = context.document;
    losses.push(...context.losses);
  }
  if (steps.length > 0) unshare(working);
  return { document: working, losses };
}
