/** `encodepropertyvalue`: URL-encodes a string property (as one URI component). */
import { reshapeStep } from './reshape.ts';
import type { PolicyTemplate } from './types.ts';

export const encodepropertyvalue: PolicyTemplate = {
  id: 'encodepropertyvalue',
  sections: ['request', 'response'],
  required: ['propertyParentPath', 'newPropertyPath'],
  compile(params, section) {
    return reshapeStep(params, section, (source) =>
      typeof source === 'string' ? encodeURIComponent(source) : undefined,
    );
  },
};
