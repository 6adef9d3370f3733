import { describe, expect, it } from 'vitest';
import { withDocumentMemo } from '../../src/memo.ts';
import { entryText, PackageEntries } from '../../src/powerplatform/export/report-text.ts';
import { subsetDocument } from '../../src/powerplatform/export/select.ts';
import type { JsonObject, JsonValue } from '../../src/types.ts';
import { eachOperation, HTTP_METHODS } from '../../src/walk.ts';

describe('PackageEntries cuts one serialization into its segments', () => {
  const pathOf = (pointer: string) =>
    pointer.startsWith('/paths/') ? pointer.split('/')[2]!.replace(/~1/g, '/') : null;
  // Runs of shared entries, entries on paths, nested objects and arrays, and strings that spell the separator.
  const entries = [
    { rule: 'a', pointer: '/info/title', message: 'Title "x" became "é" ✓ 𝄞.' },
    { rule: 'b', pointer: '/definitions/A', message: 'Looks like a break:\n    {"rule": "z"},\n    {' },
    { rule: 'c', pointer: '/paths/~1pets/get', message: 'On pets.', nested: [{ a: [{}] }, []] },
    { pointer: '/paths/~1pets?kind=cat/get' },
    { rule: 'e', pointer: '', message: 'Shared again.', detail: { deep: { deeper: [1, 2, { x: null }] } } },
    { rule: 'f', pointer: '/parameters/p', message: '' },
    { rule: 'g', pointer: '/paths/~1owners/get', message: 'On owners.' },
    { rule: 'h', pointer: '/paths/~1owners/post', message: 'On owners too.' },
    { rule: 'i', pointer: '/x', message: 'Last, shared.' },
  ];

  for (const paths of [[], ['/pets'], ['/owners'], ['/pets', '/owners'], ['/nothing']]) {
    it(`selects exactly what entryText writes, for paths ${JSON.stringify(paths)}`, () => {
      const selection = new PackageEntries(entries, pathOf).select(new Set(paths));
      const expected = entries.filter((e) => {
        const path = pathOf(e.pointer);
        return path === null || paths.includes(path) || paths.includes(path.split('?')[0]!);
      });
      expect(selection.entries).toEqual(expected);
      expect(selection.text).toBe(expected.map(entryText).join(',\n    '));
    });
  }

  it('has nothing to select from no entries', () => {
    expect(new PackageEntries([], pathOf).select(new Set(['/pets']))).toEqual({ entries: [], text: '' });
  });

  const fewEntries = [
    { rule: 'a', pointer: '/info/title', message: 'Title "x" became "é".' },
    { rule: 'b', pointer: '/paths/~1pets?kind=cat/get', message: 'Path query.' },
    { rule: 'c', pointer: '/paths/~1owners/get', message: 'Other path.' },
    { rule: 'd', pointer: '/definitions/Pet', message: 'Shared.', nested: { list: [1, { deep: true }] } },
  ];

  it('selects the entries of every package and those of its paths (with or without a query string), in order', () => {
    const selection = new PackageEntries(fewEntries, pathOf).select(new Set(['/pets']));
    expect(selection.entries.map((e) => e.rule)).toEqual(['a', 'b', 'd']);
    expect(selection.text).toBe([fewEntries[0]!, fewEntries[1]!, fewEntries[3]!].map(entryText).join(',\n    '));
  });

  it('writes each entry as JSON.stringify nests it in report.json', () => {
    const text = new PackageEntries(fewEntries, pathOf).select(new Set(['/pets', '/owners'])).text;
    const report = JSON.stringify({ fixes: fewEntries }, null, 2);
    expect(report).toBe(`{\n  "fixes": [\n    ${text}\n  ]\n}`);
  });
});

/** subsetDocument as it was written first: every path item of the document checked against the chosen operations. */
function subsetReference(document: JsonObject, operations: JsonValue[]): JsonObject {
  const chosen = new Set<JsonValue>(operations);
  const methods = new Set<string>(HTTP_METHODS);
  const paths: JsonObject = {};
  for (const [path, item] of Object.entries(document.paths as JsonObject)) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const keys = Object.keys(item);
    if (keys.some((key) => methods.has(key)) && !keys.some((key) => chosen.has(item[key]!))) continue;
    const kept: JsonObject = {};
    for (const key of keys) if (!methods.has(key) || chosen.has(item[key]!)) kept[key] = item[key]!;
    paths[path] = kept;
  }
  return { ...document, paths };
}

describe('subsetDocument', () => {
  const shared: JsonObject = { operationId: 'Shared', responses: { '200': { description: 'OK' } } };
  const document: JsonObject = {
    swagger: '2.0',
    info: { title: 'Zoo', version: '1' },
    paths: {
      '/z': { get: { operationId: 'Z', responses: {} } },
      '/hook': { 'x-ms-notification-content': { description: 'No operations here.' } },
      '/a': { parameters: [], get: shared, post: { operationId: 'PostA', responses: {} } },
      '/m': { get: { operationId: 'M', responses: {} }, put: { operationId: 'PutM', responses: {} } },
      // The same operation object at two places (a YAML alias), and an item that holds one as an extension.
      '/b': { get: shared },
      '/c': { delete: { operationId: 'C', responses: {} }, 'x-same': shared },
      '/empty': {},
    },
  };

  it('keeps the path items of the chosen operations and those without operations, in document order', () => {
    const all = eachOperation(document);
    const choices: JsonObject[][] = [
      [],
      all.map((op) => op.operation),
      [all.find((op) => op.operation.operationId === 'PutM')!.operation],
      [shared],
      [all.find((op) => op.operation.operationId === 'C')!.operation, all[0]!.operation],
    ];
    for (const chosen of choices) {
      const refs = all.filter((op) => chosen.includes(op.operation));
      const actual = withDocumentMemo(() => subsetDocument(document, refs, false));
      const expected = subsetReference(document, chosen);
      expect(Object.keys(actual.paths as JsonObject)).toEqual(Object.keys(expected.paths as JsonObject));
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    }
  });
});
