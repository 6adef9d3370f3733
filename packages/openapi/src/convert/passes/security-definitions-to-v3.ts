/** Pass (2.0 → 3.x): turns `securityDefinitions` into `components/securitySchemes`. */
import { isObject } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { ConvertContext, Pass } from '../context.ts';
import { objectAt } from '../order.ts';
import { asText } from '../text.ts';

const FLOW_NAMES = new Map([
  ['implicit', 'implicit'],
  ['password', 'password'],
  ['application', 'clientCredentials'],
  ['accessCode', 'authorizationCode'],
]);

/** Converts one 2.0 security definition into a 3.x security scheme (what it holds may stay in it too). */
export function securityDefinitionToV3(context: ConvertContext, definition: JsonObject): JsonObject {
  context.reusing(definition);
  let out: JsonObject;
  if (definition.type === 'basic') out = { type: 'http', scheme: 'basic' };
  else if (definition.type === 'oauth2') {
    const flowName = FLOW_NAMES.get(asText(definition.flow)) ?? 'authorizationCode';
    const flow: JsonObject = {};
    if (flowName === 'implicit' || flowName === 'authorizationCode')
      flow.authorizationUrl = definition.authorizationUrl ?? '';
    if (flowName !== 'implicit') flow.tokenUrl = definition.tokenUrl ?? '';
    if (typeof definition['x-refreshUrl'] === 'string') flow.refreshUrl = definition['x-refreshUrl'];
    flow.scopes = isObject(definition.scopes) ? definition.scopes : {};
    out = { type: 'oauth2', flows: { [flowName]: flow } };
  } else out = { type: 'apiKey', name: definition.name ?? '', in: definition.in ?? 'header' };
  if (typeof definition.description === 'string') out.description = definition.description;
  for (const [key, value] of Object.entries(definition)) {
    if (key.startsWith('x-') && key !== 'x-refreshUrl') out[key] = value;
  }
  return out;
}

export const securityDefinitionsToV3: Pass = {
  name: 'security-definitions-to-v3',
  run(context) {
    const document = context.document;
    const definitions = document.securityDefinitions;
    delete document.securityDefinitions;
    if (!isObject(definitions)) return;
    context.reusing(definitions);
    const schemes: JsonObject = {};
    for (const [name, definition] of Object.entries(definitions)) {
      if (isObject(definition)) schemes[name] = securityDefinitionToV3(context, definition);
    }
    const components = objectAt(document, 'components');
    components.securitySchemes = schemes;
  },
};
