/** The frame shared by templates that read `propertyParentPath` + `propertySubPath` and write `newPropertyPath`. */
import type { JsonObject, JsonValue } from '@portico/openapi';
import type { BodyHolder } from '../context.ts';
import { eachParent, readPath, subPathParam, valuePathParam, writeResult } from './body.ts';
import type { PolicyParams, PolicyStep, Section } from './types.ts';

/** Builds a step that maps the source value of every parent object through `convert` (undefined = leave alone). */
export function reshapeStep(
  params: PolicyParams,
  section: Section,
  convert: (source: JsonValue | undefined, parent: JsonObject) => JsonValue | undefined,
): PolicyStep {
  const parent = valuePathParam(params, 'propertyParentPath');
  const sub = subPathParam(params, 'propertySubPath');
  const target = valuePathParam(params, 'newPropertyPath');
  const run = (holder: BodyHolder) => {
    const writes: Array<[JsonObject, JsonValue]> = [];
    eachParent(holder, parent, (object) => {
      const result = convert(readPath(object, sub), object);
      if (result !== undefined) writes.push([object, result]);
    });
    for (const [object, value] of writes) writeResult(holder, target, object, value);
  };
  if (section === 'request') return { onRequest: (state) => run(state.body) };
  return { readsResponseBody: true, onResponse: (state) => run(state.body) };
}
