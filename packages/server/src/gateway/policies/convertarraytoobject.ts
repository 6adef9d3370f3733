/** `convertarraytoobject`: `[{ id: 'a', … }, …]` → `{ a: { … }, … }`, keyed by a property of each element. */
import type { JsonObject } from '@portico/openapi';
import { compileSubPath } from '../expressions.ts';
import { isObject, readPath } from './body.ts';
import { reshapeStep } from './reshape.ts';
import type { PolicyTemplate } from './types.ts';

export const convertarraytoobject: PolicyTemplate = {
  id: 'convertarraytoobject',
  sections: ['request', 'response'],
  required: ['propertyParentPath', 'keyWithinCollectionPath', 'newPropertyPath'],
  compile(params, section) {
    const keyPath = compileSubPath(params.text('keyWithinCollectionPath'));
    if (!keyPath || keyPath.length === 0) throw new Error('parameter "keyWithinCollectionPath" is not a property path');
    const retainKey = (params.text('retainKey') ?? 'true').toLowerCase() !== 'false';
    return reshapeStep(params, section, (source) => {
      if (!Array.isArray(source)) return undefined;
      const out: JsonObject = {};
      for (const element of source) {
        if (!isObject(element)) continue;
        const key = readPath(element, keyPath);
        if (key === undefined || key === null || typeof key === 'object') continue;
        const value = { ...element };
        if (!retainKey && keyPath.length === 1) delete value[String(keyPath[0])];
        out[String(key)] = value;
      }
      return out;
    });
  },
};
