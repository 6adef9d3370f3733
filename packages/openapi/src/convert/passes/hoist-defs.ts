/**
 * Pass (3.1 sources): moves `$defs` subschemas, which 3.0 and 2.0 lack, into `components/schemas`
 * under new names, and notes the moves so references into them are rewritten.
 */
import { childPointer, isObject, parsePointer } from '../../pointer.ts';
import type { JsonObject } from '../../types.ts';
import type { Pass } from '../context.ts';
import { objectAt } from '../order.ts';
import { placeAt, pointerOf, type Slot, schemaRootsV3, slotAt, walkSchemaSlots } from '../walker.ts';

/** A component name free in `map`, derived from `base` and limited to the characters 3.x allows. */
export function uniqueName(map: JsonObject, base: string): string {
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_') || 'Schema';
  if (!Object.hasOwn(map, clean)) return clean;
  for (let i = 2; ; i++) if (!Object.hasOwn(map, `${clean}_${i}`)) return `${clean}_${i}`;
}

export const hoistDefs: Pass = {
  name: 'hoist-defs',
  run(context) {
    const document = context.document;
    let roots: Slot[] = schemaRootsV3(document);
    const visited = new Set<object>();
    const componentSchemas = placeAt('/components/schemas');
    while (roots.length > 0) {
      const hoisted: Slot[] = [];
      walkSchemaSlots(
        roots,
        (slot) => {
          const schema = slot.value;
          if (!isObject(schema) || !isObject(schema.$defs)) return;
          const components = objectAt(document, 'components');
          const schemas = objectAt(components, 'schemas');
          context.reusing(schema.$defs);
          const tokens = parsePointer(pointerOf(slot));
          const owner = tokens[0] === 'components' && tokens[1] === 'schemas' ? tokens[2]! : 'Inline';
          for (const [name, def] of Object.entries(schema.$defs)) {
            const newName = uniqueName(schemas, `${owner}_${name}`);
            schemas[newName] = def;
            const target = childPointer('/components/schemas', newName);
            context.move(childPointer(pointerOf(slot), '$defs', name), target);
            context.origins.set(target, context.sourcePointer(childPointer(pointerOf(slot), '$defs', name)));
            hoisted.push(slotAt(schemas, newName, def, componentSchemas));
          }
          context.loss(
            'json-schema-keyword',
            childPointer(pointerOf(slot), '$defs'),
            '$defs is JSON Schema 2020-12 only.',
            'each definition moved to components/schemas',
          );
          delete schema.$defs;
        },
        undefined,
        { shared: context.shared, visited },
      );
      roots = hoisted;
    }
  },
};
