/** 2.0 fixes on parameters and paths: labels, path parameter flags, Authorization headers, query strings in paths. */
import { childPointer, getAt, isObject } from '../../pointer.ts';
import type { AppliedFix, JsonObject, JsonValue } from '../../types.ts';
import { HTTP_METHODS, type OperationRef } from '../../walk.ts';
import type { ParameterLists } from '../util/parameters.ts';
import { titleCase } from './names.ts';

/** Adds `x-ms-summary` (Title Case of the name) to visible parameters; path parameters get `required` and `x-ms-url-encoding`. */
export function fixParameters(
  operations: readonly OperationRef[],
  parameters: ParameterLists,
  fixes: AppliedFix[],
): void {
  const done = new Set<string>();
  for (const op of operations) {
    for (const { parameter, pointer } of parameters.of(op)) {
      if (done.has(pointer)) continue;
      done.add(pointer);
      const name = typeof parameter.name === 'string' ? parameter.name : '';
      if (
        parameter.in !== 'body' &&
        parameter['x-ms-visibility'] !== 'internal' &&
        typeof parameter['x-ms-summary'] !== 'string' &&
        name !== ''
      ) {
        parameter['x-ms-summary'] = titleCase(name);
        fixes.push({
          rule: 'pp-parameter-summary',
          pointer: childPointer(pointer, 'x-ms-summary'),
          message: `Added x-ms-summary "${parameter['x-ms-summary']}".`,
        });
      }
      if (parameter.in !== 'path') continue;
      if (parameter.required !== true) {
        parameter.required = true;
        fixes.push({
          rule: 'pp-path-parameter-required',
          pointer: childPointer(pointer, 'required'),
          message: `Path parameter "${name}" is now required.`,
        });
      }
      if (parameter['x-ms-url-encoding'] === undefined) {
        parameter['x-ms-url-encoding'] = 'single';
        fixes.push({
          rule: 'pp-path-parameter-url-encoding',
          pointer: childPointer(pointer, 'x-ms-url-encoding'),
          message: 'Added x-ms-url-encoding "single".',
        });
      }
    }
  }
}

/** Removes `Authorization` header parameters: the connection supplies that header (`parameters` forgets its lists). */
export function removeAuthorizationHeaders(
  document: JsonObject,
  operations: readonly OperationRef[],
  parameters: ParameterLists,
  fixes: AppliedFix[],
): void {
  const removals = new Map<string, number[]>();
  for (const op of operations) {
    for (const { parameter, usePointer } of parameters.of(op)) {
      if (
        parameter.in !== 'header' ||
        typeof parameter.name !== 'string' ||
        parameter.name.toLowerCase() !== 'authorization'
      )
        continue;
      const listPointer = usePointer.slice(0, usePointer.lastIndexOf('/'));
      const index = Number(usePointer.slice(usePointer.lastIndexOf('/') + 1));
      const list = removals.get(listPointer) ?? [];
      if (!list.includes(index)) list.push(index);
      removals.set(listPointer, list);
    }
  }
  if (
    removals.size > 0 &&
    (!isObject(document.securityDefinitions) || Object.keys(document.securityDefinitions).length === 0)
  ) {
    // Nothing else tells the connection to send the header: describe it as an API key so the connection provides it.
    document.securityDefinitions = {
      api_key: {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'The value of the Authorization header, for example "Bearer <token>".',
      },
    };
    document.security = [{ api_key: [] }];
    fixes.push({
      rule: 'pp-authorization-header',
      pointer: '/securityDefinitions/api_key',
      message: 'Added an API key security definition for the Authorization header, which the connection now provides.',
    });
  }
  if (removals.size > 0) parameters.forgetLists();
  for (const [listPointer, indexes] of removals) {
    const list = getAt(document, listPointer);
    if (!Array.isArray(list)) continue;
    for (const index of indexes.sort((a, b) => b - a)) {
      list.splice(index, 1);
      fixes.push({
        rule: 'pp-authorization-header',
        pointer: childPointer(listPointer, index),
        message: 'Removed the Authorization header parameter; the connection provides it.',
      });
    }
  }
}

/** Moves `?a=1&b` out of path keys into internal, required query parameters with those values, when the bare path is free. */
export function fixQueryStringPaths(document: JsonObject, fixes: AppliedFix[]): void {
  const paths = document.paths;
  if (!isObject(paths) || !Object.keys(paths).some((p) => p.includes('?'))) return;
  const next: JsonObject = {};
  for (const [path, item] of Object.entries(paths)) {
    const cut = path.indexOf('?');
    const bare = cut < 0 ? path : path.slice(0, cut);
    if (cut < 0 || bare in paths || bare in next || !isObject(item)) {
      next[path] = item;
      continue;
    }
    const query = new URLSearchParams(path.slice(cut + 1));
    const added: JsonObject[] = [];
    for (const [name, value] of query) {
      const parameter: JsonObject = {
        name,
        in: 'query',
        required: true,
        type: 'string',
        default: value,
        'x-ms-visibility': 'internal',
      };
      if (value === '') parameter.allowEmptyValue = true;
      else parameter.enum = [value];
      added.push(parameter);
    }
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const list: JsonValue[] = Array.isArray(op.parameters) ? op.parameters : [];
      for (const parameter of added) {
        const exists = list.some((p) => isObject(p) && p.in === 'query' && p.name === parameter.name);
        if (!exists) list.push({ ...parameter });
      }
      op.parameters = list;
    }
    next[bare] = item;
    fixes.push({
      rule: 'pp-path-query-string',
      pointer: childPointer('/paths', path),
      message: `Path "${path}" became "${bare}" with internal query parameter(s) ${added.map((p) => String(p.name)).join(', ')}.`,
    });
  }
  document.paths = next;
}
