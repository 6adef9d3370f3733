/**
 * Golden conversion cases: each folder of test/fixtures/convert holds input.yaml (or .json), case.json
 * ({ "to": "2.0" | "3.0" | "3.1" }), expected.json and losses.json. UPDATE_GOLDEN=1 rewrites the
 * expected files from the current output.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertDocument, LOSS_KINDS } from '../../src/convert/index.ts';
import { getAt } from '../../src/pointer.ts';
import type { OasVersion } from '../../src/types.ts';
import { readDocument, readJson, unresolvedRefs, validationError } from './helpers.ts';

const root = join(import.meta.dirname, '../fixtures/convert');
const update = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function inputPath(folder: string): string {
  const yamlPath = join(folder, 'input.yaml');
  return existsSync(yamlPath) ? yamlPath : join(folder, 'input.json');
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

describe('golden conversions', () => {
  it.each(cases)('%s converts to the expected document and losses', async (name) => {
    const folder = join(root, name);
    const input = readDocument(inputPath(folder));
    const { to } = readDocument(join(folder, 'case.json')) as { to: OasVersion };
    const before = JSON.stringify(input);
    const { document, losses } = convertDocument(input, { to });
    const lossSummary = losses.map(({ kind, pointer }) => ({ kind, pointer }));
    if (update) {
      writeJson(join(folder, 'expected.json'), document);
      writeJson(join(folder, 'losses.json'), lossSummary);
    }
    expect(JSON.stringify(input)).toBe(before);
    expect(document).toEqual(readDocument(join(folder, 'expected.json')));
    expect(lossSummary).toEqual(readJson(join(folder, 'losses.json')));
    expect(await validationError(document)).toBeUndefined();
    expect(unresolvedRefs(document)).toEqual([]);
    for (const loss of losses) {
      expect(Object.keys(LOSS_KINDS)).toContain(loss.kind);
      expect(loss.action).not.toBe('');
      if (loss.kind !== 'dangling-ref')
        expect(getAt(input, loss.pointer), `${loss.kind} ${loss.pointer}`).toBeDefined();
    }
  });

  it('has at least one golden case for every loss kind', () => {
    const seen = new Set<string>();
    for (const name of cases) {
      const losses = readJson(join(root, name, 'losses.json')) as Array<{ kind: string }>;
      for (const loss of losses) seen.add(loss.kind);
    }
    expect(Object.keys(LOSS_KINDS).filter((kind) => !seen.has(kind))).toEqual([]);
  });
});
