/** `stringtoarray`: `"a;b"` → `[{ <childPropertyName>: 'a' }, { …: 'b' }]`, split on any of the delimiters. */
import { reshapeStep } from './reshape.ts';
import type { PolicyTemplate } from './types.ts';

export const stringtoarray: PolicyTemplate = {
  id: 'stringtoarray',
  sections: ['request', 'response'],
  required: ['propertyParentPath', 'delimiterList', 'childPropertyName', 'newPropertyPath'],
  compile(params, section) {
    const delimiters = [...(params.text('delimiterList') ?? '')];
    if (delimiters.length === 0) throw new Error('parameter "delimiterList" is empty');
    const child = params.text('childPropertyName') ?? '';
    const splitter = new RegExp(`[${delimiters.map((d) => d.replace(/[\\\]^-]/g, '\\$&')).join('')}]`);
    return reshapeStep(params, section, (source) =>
      typeof source === 'string'
        ? source
            .split(splitter)
            .map((part) => part.trim())
            .filter((part) => part !== '')
            .map((part) => ({ [child]: part }))
        : undefined,
    );
  },
};
