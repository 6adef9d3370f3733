import { describe, expect, it } from 'vitest';
import { withDocumentMemo } from '../../src/memo.ts';
import { eachSchema } from '../../src/powerplatform/util/schemas.ts';
import type { JsonObject } from '../../src/types.ts';
import { cleanDocument } from './documents.ts';

const pointers = (document: JsonObject) => {
  const out: string[] = [];
  eachSchema(document, (_, pointer) => out.push(pointer));
  return out;
};

describe('eachSchema', () => {
  it('visits a schema written at several places once, at the first, also when packages share their parts', () => {
    const shared: JsonObject = { type: 'object', properties: { name: { type: 'string' } } };
    const whole = cleanDocument();
    (whole.definitions as JsonObject).Owner = { type: 'object', properties: { profile: shared } };
    const get = ((whole.paths as JsonObject)['/pets'] as JsonObject).get as JsonObject;
    get.responses = { '200': { description: 'OK', schema: { type: 'array', items: shared } } };
    // A package without the definition: the schema is first written in the operation.
    const { Owner: _, ...definitions } = whole.definitions as JsonObject;
    const part: JsonObject = { ...whole, definitions };
    const apart = [pointers(whole), pointers(part)];
    expect(withDocumentMemo(() => [pointers(whole), pointers(part)])).toEqual(apart);
    expect(apart[0]).toContain('/definitions/Owner/properties/profile/properties/name');
    expect(apart[0]).not.toContain('/paths/~1pets/get/responses/200/schema/items');
    expect(apart[1]).toContain('/paths/~1pets/get/responses/200/schema/items/properties/name');
  });
});
