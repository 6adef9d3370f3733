/** `setqueryparameter`: sets, appends or (with `skip`) defaults a query parameter of the upstream request. */
import { requestScope } from '../context.ts';
import { compileTemplate } from '../expressions.ts';
import type { PolicyTemplate } from './types.ts';

export const setqueryparameter: PolicyTemplate = {
  id: 'setqueryparameter',
  sections: ['request'],
  required: ['name', 'value'],
  compile(params) {
    const name = params.text('name') ?? '';
    if (name.trim() === '') throw new Error('parameter "name" is empty');
    const value = compileTemplate(params.text('value') ?? '');
    const action = (params.text('existsAction') ?? 'override').toLowerCase();
    if (!['override', 'skip', 'append'].includes(action)) {
      throw new Error(`parameter "existsAction" is "${action}"; use override, skip or append`);
    }
    return {
      onRequest(state) {
        const exists = state.query.some(([key]) => key === name);
        if (action === 'skip' && exists) return;
        const text = value.evaluate(requestScope(state));
        if (action === 'override') state.query = state.query.filter(([key]) => key !== name);
        state.query.push([name, text]);
      },
    };
  },
};
