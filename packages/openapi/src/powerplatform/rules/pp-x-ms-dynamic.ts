/** pp-x-ms-dynamic: dynamic values/list/schema/properties/tree have their shapes and call existing operations. */
import { childPointer, isObject } from '../../pointer.ts';
import type { Rule } from '../../validate/rule.ts';
import { eachOperation } from '../../walk.ts';
import { documentFacts } from '../util/facts.ts';
import { checkExtensionShapes } from './extension-check.ts';

/** Extensions whose `operationId` names another operation of the same connector. */
const CALLERS = [
  'x-ms-dynamic-values',
  'x-ms-dynamic-list',
  'x-ms-dynamic-schema',
  'x-ms-dynamic-properties',
  'x-ms-notification',
];

export const ppXMsDynamic: Rule = {
  id: 'pp-x-ms-dynamic',
  description:
    'x-ms-dynamic-values/-list/-schema/-properties/-tree have their documented shapes, and every operationId they (or x-ms-notification) call exists.',
  check(context) {
    checkExtensionShapes(context, (n) => n.startsWith('x-ms-dynamic-'));
    const ids = new Set(eachOperation(context.document).map((op) => op.operation.operationId));
    for (const ext of documentFacts(context.document).extensions) {
      if (!CALLERS.includes(ext.name) || !isObject(ext.value)) continue;
      const id = ext.value.operationId;
      if (typeof id !== 'string' || ids.has(id)) continue;
      context.report({
        message: `${ext.name} calls operation "${id}", which this definition does not have.`,
        pointer: childPointer(ext.pointer, 'operationId'),
        severity: 'error',
        fix: `Add the operation "${id}" (it may be marked x-ms-visibility: internal) or correct the operationId.`,
      });
    }
  },
};
