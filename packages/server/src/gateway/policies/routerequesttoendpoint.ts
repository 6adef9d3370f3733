/** `routerequesttoendpoint`: sends the request to another path (and optionally method) below the base URL. */
import type { RequestState } from '../context.ts';
import { compileTemplate, type Scope } from '../expressions.ts';
import type { PolicyTemplate } from './types.ts';

/** Replaces `{name}` placeholders with path parameters, else query parameters (which then leave the query). */
export function fillPlaceholders(state: RequestState, path: string): string {
  return path.replace(/\{([^}/]+)\}/g, (whole, name: string) => {
    const fromPath = state.pathParams[name];
    if (fromPath !== undefined) return encodePathValue(fromPath);
    const index = state.query.findIndex(([key]) => key === name);
    if (index < 0) return whole;
    const [, value] = state.query[index] as [string, string];
    state.query.splice(index, 1);
    return encodePathValue(value);
  });
}

/** Encodes a value for one path segment; `.` and `..` are encoded so they cannot climb the path. */
export function encodePathValue(value: string): string {
  const encoded = encodeURIComponent(value);
  return encoded === '.' || encoded === '..' ? encoded.replace(/\./g, '%2E') : encoded;
}

/** A request scope whose values are encoded for use inside a path. */
function pathScope(state: RequestState): Scope {
  const encode = (value: string | undefined) => (value === undefined ? undefined : encodePathValue(value));
  return {
    connectionParameters: new Proxy(state.connectionParameters, {
      get: (target, key) => (typeof key === 'string' ? encode(target[key]) : undefined),
    }),
    header: (name) => encode(state.headers.get(name)),
    query: (name) => encode(state.query.find(([key]) => key === name)?.[1]),
    body: state.body.json,
  };
}

export const routerequesttoendpoint: PolicyTemplate = {
  id: 'routerequesttoendpoint',
  sections: ['request'],
  required: ['newPath'],
  compile(params) {
    const newPath = compileTemplate(params.text('newPath') ?? '');
    const method = params.text('httpMethod');
    const fixedMethod = method && !method.startsWith('@') ? method.toUpperCase() : undefined;
    const source = params.text('newPath') ?? '';
    const constant = newPath.constant && !source.includes('?');
    return {
      ...(constant ? { routesTo: fixedMethod ? { path: source, method: fixedMethod } : { path: source } } : {}),
      onRequest(state) {
        const path = fillPlaceholders(state, newPath.evaluate(pathScope(state)));
        state.path = path.startsWith('/') ? path : `/${path}`;
        if (fixedMethod) state.method = fixedMethod;
      },
    };
  },
};
