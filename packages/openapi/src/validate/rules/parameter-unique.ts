/** A parameter list declares each name and location once (header names compare case-insensitively). */
import { childPointer, isObject } from '../../pointer.ts';
import { HTTP_METHODS } from '../../walk.ts';
import { parameterKey, parameterList, type ResolvedParameter } from '../helpers.ts';
import type { Rule } from '../rule.ts';

export const parameterUnique: Rule = {
  id: 'parameter-unique',
  description: 'No parameter list has the same name and in twice.',
  check({ document, report }) {
    const paths = document.paths;
    if (!isObject(paths)) return;
    const checkList = (list: ResolvedParameter[]) => {
      const seen = new Set<string>();
      for (const p of list) {
        if (typeof p.parameter.name !== 'string' || typeof p.parameter.in !== 'string') continue;
        const key = parameterKey(p);
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        report({
          message: `Parameter "${p.parameter.name}" (in: ${p.parameter.in}) is declared twice in the same list.`,
          pointer: p.pointer,
          fix: 'Remove the duplicate, or rename one of the parameters.',
        });
      }
    };
    for (const [path, rawItem] of Object.entries(paths)) {
      if (!isObject(rawItem)) continue;
      const itemPointer = childPointer('/paths', path);
      // Path items behind a $ref are checked where they are defined (not reachable here as a list).
      checkList(parameterList(document, rawItem.parameters, childPointer(itemPointer, 'parameters'), 'path'));
      for (const method of HTTP_METHODS) {
        const operation = rawItem[method];
        if (!isObject(operation)) continue;
        const pointer = childPointer(itemPointer, method, 'parameters');
        checkList(parameterList(document, operation.parameters, pointer, 'operation'));
      }
    }
  },
};
