/**
 * Golden diff cases: each folder of test/fixtures/diff holds old.yaml, new.yaml and expected.json (the changes,
 * the summary, the version compared in and what could not be compared). UPDATE_GOLDEN=1 rewrites expected.json
 * from the current output.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, diffDefinitions } from '../../src/diff/index.ts';
import { getAt } from '../../src/pointer.ts';
import type { JsonObject } from '../../src/types.ts';

const root = join(import.meta.dirname, '../fixtures/diff');
const update = process.env.UPDATE_GOLDEN === '1';
const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function readYaml(path: string): JsonObject {
  return yaml.load(readFileSync(path, 'utf8')) as JsonObject;
}

function expectedOf(name: string) {
  return JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as {
    changes: Array<{ kind: string; breaking: boolean; classification: string }>;
  };
}

describe('golden diffs', () => {
  it.each(cases)('%s gives the expected changes', (name) => {
    const oldDoc = readYaml(join(root, name, 'old.yaml'));
    const newDoc = readYaml(join(root, name, 'new.yaml'));
    const before = JSON.stringify([oldDoc, newDoc]);
    const result = diffDefinitions(oldDoc, newDoc);
    const actual = {
      comparedAs: result.comparedAs,
      summary: result.summary,
      notCompared: {
        old: result.notCompared.old.map(({ kind, pointer }) => ({ kind, pointer })),
        new: result.notCompared.new.map(({ kind, pointer }) => ({ kind, pointer })),
      },
      changes: result.changes,
    };
    if (update) writeFileSync(join(root, name, 'expected.json'), `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')));
    expect(JSON.stringify([oldDoc, newDoc])).toBe(before);
    for (const change of result.changes) {
      expect(getAt(oldDoc, change.oldPointer ?? ''), `${change.kind} ${change.oldPointer}`).toBeDefined();
      expect(getAt(newDoc, change.newPointer ?? ''), `${change.kind} ${change.newPointer}`).toBeDefined();
      expect(change.breaking).toBe(change.classification === 'breaking');
      expect(change.message).toMatch(/\. [A-Z].*\.$/);
    }
  });

  it('has at least one golden case for every change kind', () => {
    const seen = new Set(cases.flatMap((name) => expectedOf(name).changes.map((change) => change.kind)));
    expect(Object.keys(CHANGE_KINDS).filter((kind) => !seen.has(kind))).toEqual([]);
  });

  it('classifies every change by its kind', () => {
    for (const name of cases) {
      for (const change of expectedOf(name).changes) {
        expect(change.classification).toBe(CHANGE_KINDS[change.kind as keyof typeof CHANGE_KINDS]);
      }
    }
  });
});
