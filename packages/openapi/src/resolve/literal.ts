/** Which parts of a definition hold literal data (examples, defaults), where a `$ref` is not a reference. */

/** Keys whose values are literal data (examples, defaults), not OpenAPI objects: $refs there are left alone. */
const LITERAL_KEYS = new Set(['example', 'default', 'enum', 'const', 'x-example', 'x-examples']);
/** Keys whose children are names chosen by the author, so a child called `example` is not literal. */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'definitions',
  '$defs',
  'dependentSchemas',
  'schemas',
  'parameters',
  'responses',
  'requestBodies',
  'headers',
  'examples',
  'links',
  'callbacks',
  'securitySchemes',
  'securityDefinitions',
  'pathItems',
  'paths',
  'webhooks',
  'content',
  'encoding',
]);

/** True when `key` (child of a node that is itself `parentKey` of `grandKey`) holds literal data. */
export function isLiteral(
  key: string,
  child: unknown,
  parentKey: string | undefined,
  grandKey: string | undefined,
): boolean {
  if (parentKey !== undefined && NAME_MAPS.has(parentKey)) return false;
  if (LITERAL_KEYS.has(key)) return true;
  // JSON Schema 2020-12 `examples` is a list of literal values.
  if (key === 'examples' && Array.isArray(child)) return true;
  // The `value` of an Example object (`…/examples/<name>/value`).
  return key === 'value' && grandKey === 'examples';
}
