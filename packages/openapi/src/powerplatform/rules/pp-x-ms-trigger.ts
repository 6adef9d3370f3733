/** pp-x-ms-trigger: x-ms-trigger is batch or single; x-ms-trigger-metadata is { kind: query, mode: polling }; x-ms-trigger-hint and x-ms-trigger-value have their documented shapes. */
import type { Rule } from '../../validate/rule.ts';
import { checkExtensionShapes } from './extension-check.ts';

export const ppXMsTrigger: Rule = {
  id: 'pp-x-ms-trigger',
  description:
    'x-ms-trigger is batch or single; x-ms-trigger-metadata is { kind: query, mode: polling }; x-ms-trigger-hint and x-ms-trigger-value have their documented shapes.',
  check(context) {
    checkExtensionShapes(context, (n) => n.startsWith('x-ms-trigger'));
  },
};
