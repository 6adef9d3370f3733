/** The overlay and the three-way merge as pure functions: round trips, conflict kinds, and the Overlay 1.0 export. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeOverlay } from '../src/changes/merge.ts';
import {
  applyOp,
  computeOverlay,
  type SourceDocuments,
  toJsonPath,
  toOverlayDocument,
} from '../src/changes/overlay.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON read loosely by the assertions
type Json = Record<string, any>;

const base = (): SourceDocuments => ({
  definition: {
    swagger: '2.0',
    info: { title: 'Shop', version: '1' },
    paths: {
      '/items': { get: { operationId: 'ListItems', summary: 'List items', parameters: [{ name: 'q', in: 'query' }] } },
      '/items/{id}': {
        get: { operationId: 'GetItem', summary: 'Get an item', description: 'One item.' },
        delete: { operationId: 'DeleteItem', summary: 'Delete an item' },
      },
    },
  },
  properties: { properties: { connectionParameters: { api_key: { type: 'securestring' } } } },
});

/** Applies an Overlay 1.0 document whose targets are normalized JSONPaths (`$['a']['b']`), as a reader would. */
function applyOverlayDocument(document: Json, overlay: Json): Json {
  const out = structuredClone(document);
  const tokensOf = (target: string) =>
    [...target.matchAll(/\['((?:[^'\\]|\\.)*)'\]/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  const merge = (into: Json, update: Json) => {
    for (const [k, v] of Object.entries(update)) {
      if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        into[k] &&
        typeof into[k] === 'object' &&
        !Array.isArray(into[k])
      )
        merge(into[k], v);
      else if (Array.isArray(v) && Array.isArray(into[k])) into[k].push(...v);
      else into[k] = structuredClone(v);
    }
  };
  for (const action of overlay.actions as Json[]) {
    const tokens = tokensOf(action.target);
    if (action.remove) {
      const last = tokens.pop()!;
      let node: Json | undefined = out;
      for (const t of tokens) node = node?.[t];
      if (node) delete node[last];
    } else {
      let node: Json = out;
      for (const t of tokens) node = node[t];
      merge(node, action.update);
    }
  }
  return out;
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const tree = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 6 }),
  fc.oneof(jsonValue, fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), jsonValue, { maxKeys: 4 })),
  { maxKeys: 5 },
);

describe('overlay', () => {
  it('turns the base into the current documents when its operations are applied (any JSON)', () => {
    fc.assert(
      fc.property(tree, tree, (a, b) => {
        const before = { definition: a, properties: {} } as unknown as SourceDocuments;
        const after = { definition: b, properties: { x: 1 } } as unknown as SourceDocuments;
        const result = structuredClone(before) as unknown as Json;
        for (const op of computeOverlay(before, after)) applyOp(result, op);
        // Compared as stored (JSON text), where -0 and 0 are the same number.
        expect(JSON.parse(JSON.stringify(result))).toEqual(JSON.parse(JSON.stringify(after)));
      }),
      { numRuns: 200 },
    );
  });

  it('treats a key named __proto__ as data and never touches a prototype', () => {
    const before = { definition: JSON.parse('{"a":1}'), properties: {} } as SourceDocuments;
    const after = {
      definition: JSON.parse('{"a":1,"__proto__":{"polluted":true}}'),
      properties: {},
    } as SourceDocuments;
    const result = structuredClone(before) as unknown as Json;
    for (const op of computeOverlay(before, after)) applyOp(result, op);
    expect(Object.hasOwn(result.definition, '__proto__')).toBe(true);
    expect(({} as Json).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.definition)).toBe(Object.prototype);
  });

  it('records edits, added extensions and removed operations at the smallest place', () => {
    const mine = base();
    const paths = mine.definition.paths as Json;
    paths['/items'].get.summary = 'Find items';
    paths['/items/{id}'].get['x-ms-visibility'] = 'important';
    delete paths['/items/{id}'].delete;
    expect(computeOverlay(base(), mine)).toEqual([
      { op: 'replace', path: '/definition/paths/~1items/get/summary', value: 'Find items' },
      { op: 'remove', path: '/definition/paths/~1items~1{id}/delete' },
      { op: 'add', path: '/definition/paths/~1items~1{id}/get/x-ms-visibility', value: 'important' },
    ]);
  });

  it('exports as an Overlay 1.0 document that rebuilds the maker’s definition from the imported one', () => {
    const mine = base();
    const paths = mine.definition.paths as Json;
    paths['/items'].get.summary = 'Find items';
    paths['/items'].get.parameters = [{ name: 'q', in: 'query', 'x-ms-summary': 'Search' }];
    paths['/items/{id}'].get['x-ms-visibility'] = 'important';
    delete paths['/items/{id}'].delete;
    const overlay = toOverlayDocument(computeOverlay(base(), mine), 'definition', { title: 't', version: '2' });
    expect(overlay).toMatchObject({ overlay: '1.0.0', info: { title: 't', version: '2' } });
    expect(applyOverlayDocument(base().definition, overlay)).toEqual(mine.definition);
    expect(toJsonPath("/paths/it's")).toBe("$['paths']['it\\'s']");
  });
});

describe('three-way merge', () => {
  it('gives the maker’s documents back when the source did not change', () => {
    const mine = base();
    (mine.definition.paths as Json)['/items'].get.summary = 'Find items';
    const result = mergeOverlay({ base: base(), theirs: base(), current: mine, overlay: computeOverlay(base(), mine) });
    expect(result.merged).toEqual(mine);
    expect(result.conflicts).toEqual([]);
  });

  it('takes source changes the maker did not touch, and keeps the maker’s elsewhere', () => {
    const mine = base();
    (mine.definition.paths as Json)['/items'].get.summary = 'Find items';
    const theirs = base();
    (theirs.definition.paths as Json)['/items/{id}'].get.description = 'One item, with stock.';
    const result = mergeOverlay({ base: base(), theirs, current: mine, overlay: computeOverlay(base(), mine) });
    expect(result.conflicts).toEqual([]);
    const merged = result.merged.definition.paths as Json;
    expect(merged['/items'].get.summary).toBe('Find items');
    expect(merged['/items/{id}'].get.description).toBe('One item, with stock.');
  });

  it('absorbs a customisation the source made too', () => {
    const mine = base();
    (mine.definition.paths as Json)['/items'].get.summary = 'Find items';
    const theirs = structuredClone(mine);
    const result = mergeOverlay({ base: base(), theirs, current: mine, overlay: computeOverlay(base(), mine) });
    expect(result.conflicts).toEqual([]);
    expect(result.absorbed).toHaveLength(1);
  });

  it('reports each kind of conflict, applies nothing unresolved, and follows each choice', () => {
    const mine = base();
    const minePaths = mine.definition.paths as Json;
    minePaths['/items/{id}'].get.description = 'Mine.';
    minePaths['/items/{id}'].delete.summary = 'Remove for good';
    delete minePaths['/items'].get;
    const theirs = base();
    const theirPaths = theirs.definition.paths as Json;
    theirPaths['/items/{id}'].get.description = 'Theirs.';
    delete theirPaths['/items/{id}'].delete;
    theirPaths['/items'].get.summary = 'List all items';
    const overlay = computeOverlay(base(), mine);
    const open = mergeOverlay({ base: base(), theirs, current: mine, overlay });
    expect(open.unresolved.map((c) => c.kind).sort()).toEqual([
      'both-changed',
      'removed-but-changed',
      'target-removed',
    ]);
    expect(open.unresolved.find((c) => c.kind === 'both-changed')).toMatchObject({
      operationId: 'GetItem',
      mine: 'Mine.',
      theirs: 'Theirs.',
      base: 'One item.',
    });
    expect((open.merged.definition.paths as Json)['/items/{id}'].get.description).toBe('Theirs.');

    const keep = new Map(open.conflicts.map((c) => [c.pointer, 'keep-mine' as const]));
    const kept = mergeOverlay({ base: base(), theirs, current: mine, overlay, resolutions: keep });
    expect(kept.unresolved).toEqual([]);
    const keptPaths = kept.merged.definition.paths as Json;
    expect(keptPaths['/items/{id}'].get.description).toBe('Mine.');
    expect(keptPaths['/items/{id}'].delete).toEqual({ operationId: 'DeleteItem', summary: 'Remove for good' });
    expect(keptPaths['/items'].get).toBeUndefined();

    const take = new Map(open.conflicts.map((c) => [c.pointer, 'take-theirs' as const]));
    const taken = mergeOverlay({ base: base(), theirs, current: mine, overlay, resolutions: take });
    expect(taken.merged).toEqual(theirs);
  });
});
