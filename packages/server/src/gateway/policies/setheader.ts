/** `setheader`: sets, appends or removes a request header, or a response header (Response and Failure sections). */
import type { HeaderMap } from '../context.ts';
import { requestScope, responseScope } from '../context.ts';
import { compileTemplate } from '../expressions.ts';
import type { PolicyTemplate } from './types.ts';

/** Applies an existsAction (`override` default, `skip`, `append`) to a header map; an empty override removes it. */
export function applyHeader(headers: HeaderMap, name: string, value: string, action: string): void {
  if (action === 'skip' && headers.has(name)) return;
  if (action === 'append') {
    if (value !== '') headers.append(name, value);
    return;
  }
  if (value === '') headers.delete(name);
  else headers.set(name, value);
}

export const setheader: PolicyTemplate = {
  id: 'setheader',
  sections: ['request', 'response', 'failure'],
  required: ['name', 'value'],
  compile(params, section) {
    const name = params.text('name') ?? '';
    if (name.trim() === '') throw new Error('parameter "name" is empty');
    const value = compileTemplate(params.text('value') ?? '');
    const action = (params.text('existsAction') ?? 'override').toLowerCase();
    if (!['override', 'skip', 'append'].includes(action)) {
      throw new Error(`parameter "existsAction" is "${action}"; use override, skip or append`);
    }
    // A constant value (the usual case) needs no expression scope.
    const fixed = value.constant ? value.source : undefined;
    if (section === 'request') {
      return {
        onRequest: (state) => applyHeader(state.headers, name, fixed ?? value.evaluate(requestScope(state)), action),
      };
    }
    return {
      onResponse: (state) => applyHeader(state.headers, name, fixed ?? value.evaluate(responseScope(state)), action),
    };
  },
};
