/** `convertobjecttoarray`: `{ k: v, … }` → `[{ <keyName>: k, <valueName>: v }, …]`. */
import { isObject } from './body.ts';
import { reshapeStep } from './reshape.ts';
import type { PolicyTemplate } from './types.ts';

export const convertobjecttoarray: PolicyTemplate = {
  id: 'convertobjecttoarray',
  sections: ['request', 'response'],
  required: ['propertyParentPath', 'newPropertyPath'],
  compile(params, section) {
    const keyName = params.text('keyName') ?? 'key';
    const valueName = params.text('valueName') ?? 'value';
    return reshapeStep(params, section, (source) =>
      isObject(source)
        ? Object.entries(source).map(([key, value]) => ({ [keyName]: key, [valueName]: value }))
        : undefined,
    );
  },
};
