/**
 * Pass (2.0 → 3.x): moves `definitions`, the converted root `parameters` and `responses` under
 * `components`, drops the 2.0-only root fields and orders keys the 3.x way.
 */
import { isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { Pass } from '../context.ts';
import { eachOperationV3 } from '../operations.ts';
import { OPERATION_ORDER_V3, orderKeys, replaceContents } from '../order.ts';

const COMPONENT_ORDER = [
  'schemas',
  'responses',
  'parameters',
  'examples',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
];

export const definitionsToComponents: Pass = {
  name: 'definitions-to-components',
  run(context) {
    const document = context.document;
    const components = isObject(document.components) ? document.components : {};
    if (isObject(document.definitions) && Object.keys(document.definitions).length > 0)
      components.schemas = document.definitions;
    if (isObject(document.parameters)) {
      context.reusing(document.parameters);
      const parameters: JsonObject = {};
      for (const [name, parameter] of Object.entries(document.parameters)) {
        if (isObject(parameter) && parameter.in !== 'body' && parameter.in !== 'formData') parameters[name] = parameter;
      }
      if (Object.keys(parameters).length > 0) components.parameters = parameters;
    }
    if (isObject(document.responses) && Object.keys(document.responses).length > 0)
      components.responses = document.responses;
    for (const key of ['definitions', 'parameters', 'responses', 'consumes', 'produces', 'swagger'])
      delete document[key];
    context.reusing(components);
    if (Object.keys(components).length > 0) document.components = orderKeys(components, COMPONENT_ORDER);
    else delete document.components;
    for (const { operation } of eachOperationV3(document)) {
      replaceContents(operation, orderKeys(operation, OPERATION_ORDER_V3));
    }
  },
};

const V2_SECTIONS = new Map([
  ['definitions', 'schemas'],
  ['parameters', 'parameters'],
  ['responses', 'responses'],
]);

/** The 3.x location of a 2.0 reference (`definitions/X` → `components/schemas/X`). */
export function renameDefinitionRefV3(tokens: string[]): string[] | undefined {
  const section = V2_SECTIONS.get(tokens[0] ?? '');
  return section === undefined ? undefined : ['components', section, ...tokens.slice(1)];
}
