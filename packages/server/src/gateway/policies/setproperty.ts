/** `setproperty`: sets a property on the body, or on each element when the parent is an array. */
import type { JsonValue } from '@portico/openapi';
import type { BodyHolder, RequestState, ResponseState } from '../context.ts';
import { requestScope, responseScope } from '../context.ts';
import { compileTemplate, type Scope, unquote } from '../expressions.ts';
import { eachParent, subPathParam, valuePathParam, writePath } from './body.ts';
import type { PolicyTemplate } from './types.ts';

/** A constant JSON array or object written as text (`["a.created"]`), else undefined. */
function jsonLiteral(text: string): JsonValue | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('[') || trimmed.startsWith('{'))) return undefined;
  try {
    return JSON.parse(trimmed) as JsonValue;
  } catch {
    return undefined;
  }
}

/** Methods whose requests may get a body created by a policy. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export const setproperty: PolicyTemplate = {
  id: 'setproperty',
  sections: ['request', 'response'],
  required: ['newPropertyParentPathTemplate', 'newPropertySubPathTemplate', 'propertyValuePathTemplate'],
  compile(params, section) {
    const parent = valuePathParam(params, 'newPropertyParentPathTemplate');
    const sub = subPathParam(params, 'newPropertySubPathTemplate');
    if (sub.length === 0) throw new Error('parameter "newPropertySubPathTemplate" names no property');
    const text = params.text('propertyValuePathTemplate') ?? '';
    const literal = jsonLiteral(text);
    const template = compileTemplate(unquote(text));
    const apply = (holder: BodyHolder, scopeOf: (item: JsonValue) => Scope, mayCreate: boolean) => {
      if (
        holder.json === undefined &&
        holder.raw === undefined &&
        !holder.form &&
        parent.segments.length === 0 &&
        mayCreate
      )
        holder.json = {};
      eachParent(holder, parent, (target) => {
        const value = literal !== undefined ? structuredClone(literal) : template.value(scopeOf(target));
        writePath(target, sub, value ?? null);
      });
    };
    if (section === 'request') {
      return {
        onRequest: (state: RequestState) =>
          apply(state.body, (item) => requestScope(state, item), BODY_METHODS.has(state.method)),
      };
    }
    return {
      readsResponseBody: true,
      onResponse: (state: ResponseState) => apply(state.body, (item) => responseScope(state, item), false),
    };
  },
};
