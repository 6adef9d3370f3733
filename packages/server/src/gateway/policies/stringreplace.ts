/** `stringreplace`: replaces every occurrence of `sourceString` in a string property. */
import { reshapeStep } from './reshape.ts';
import type { PolicyTemplate } from './types.ts';

export const stringreplace: PolicyTemplate = {
  id: 'stringreplace',
  sections: ['request', 'response'],
  required: ['propertyParentPath', 'sourceString', 'replacementString', 'newPropertyPath'],
  compile(params, section) {
    const from = params.text('sourceString') ?? '';
    if (from === '') throw new Error('parameter "sourceString" is empty');
    const to = params.text('replacementString') ?? '';
    return reshapeStep(params, section, (source) =>
      typeof source === 'string' ? source.split(from).join(to) : undefined,
    );
  },
};
