/**
 * Pass (3.x → 2.0): moves `components` to the 2.0 root sections (definitions, parameters, responses),
 * sets `swagger: "2.0"` and orders keys the way Swagger 2.0 documents are usually written.
 */
import { isObject } from '../../pointer.ts';
import type { Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';
import { OPERATION_ORDER_V2, orderKeys, ROOT_ORDER_V2, replaceContents } from '../order.ts';

export const componentsToDefinitions: Pass = {
  name: 'components-to-definitions',
  run(context) {
    const document = context.document;
    const components = isObject(document.components) ? document.components : {};
    context.reusing(components);
    const sections: Array<[keyof typeof components, string]> = [
      ['schemas', 'definitions'],
      ['parameters', 'parameters'],
      ['responses', 'responses'],
    ];
    for (const [from, to] of sections) {
      const section = components[from];
      if (isObject(section) && Object.keys(section).length > 0) document[to] = section;
    }
    for (const key of Object.keys(components)) {
      if (key.startsWith('x-')) document[`x-components-${key.slice(2)}`] = components[key]!;
    }
    delete document.components;
    delete document.openapi;
    document.swagger = '2.0';
    if (!isObject(document.paths)) document.paths = {};
    for (const { operation } of eachOperationV3(document)) {
      replaceContents(operation, orderKeys(operation, OPERATION_ORDER_V2));
    }
    replaceContents(document, orderKeys(document, ROOT_ORDER_V2));
  },
};

const V3_SECTIONS = new Map([
  ['schemas', 'definitions'],
  ['parameters', 'parameters'],
  ['responses', 'responses'],
]);

/** The 2.0 location of a 3.x component reference (`components/schemas/X` → `definitions/X`). */
export function renameComponentRefV2(tokens: string[]): string[] | undefined {
  if (tokens[0] !== 'components') return undefined;
  const section = V3_SECTIONS.get(tokens[1] ?? '');
  return section === undefined ? undefined : [section, ...tokens.slice(2)];
}
