/** Loading published API definitions from npm packages installed as devDependencies, and raw facts about them. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Change } from '../../src/diff/index.ts';
import type { JsonObject } from '../../src/types.ts';

const require = createRequire(import.meta.url);

/** A JSON file inside an installed package, e.g. `('directus-specs-v12', 'dist/openapi.json')`. */
export function packageJson(name: string, file: string): JsonObject {
  const root = dirname(require.resolve(`${name}/package.json`));
  return JSON.parse(readFileSync(join(root, file), 'utf8')) as JsonObject;
}

/** Every declared operationId of a document, read straight from `paths` (independently of the model). */
export function rawOperationIds(document: JsonObject): Set<string> {
  const ids = new Set<string>();
  for (const item of Object.values(document.paths as Record<string, Record<string, { operationId?: string }>>)) {
    for (const operation of Object.values(item)) {
      if (typeof operation === 'object' && operation !== null && typeof operation.operationId === 'string')
        ids.add(operation.operationId);
    }
  }
  return ids;
}

/** The operationIds the diff reports with this kind. */
export function idsOf(changes: readonly Change[], kind: Change['kind']): string[] {
  return changes.filter((change) => change.kind === kind).map((change) => change.operationId ?? '');
}

/** How many changes of each kind. */
export function countByKind(changes: readonly Change[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const change of changes) out[change.kind] = (out[change.kind] ?? 0) + 1;
  return out;
}
