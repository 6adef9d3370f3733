import { describe, expect, it } from 'vitest';
import { withDocumentMemo } from '../../src/memo.ts';
import { collectFacts, documentFacts, FactsCache, factsAt } from '../../src/powerplatform/util/facts.ts';
import type { JsonObject } from '../../src/types.ts';

/** A document with each place the facts walk treats differently: name maps, example data, x- extensions, calls. */
function trickyDocument(): JsonObject {
  return {
    swagger: '2.0',
    info: { title: 'Tricky', version: '1', 'x-ms-api-annotation': { status: 'Preview' } },
    'x-ms-connector-metadata': [{ propertyName: 'Website', propertyValue: 'https://example.com' }],
    paths: {
      '/a': {
        'x-ms-notification-content': { schema: { $ref: '#/definitions/Event' } },
        parameters: [{ name: 'p', in: 'query', type: 'string', format: 'uri-template', 'x-ms-summary': 'P' }],
        get: {
          operationId: 'GetA',
          'x-ms-visibility': 'Advanced',
          parameters: [
            { $ref: '#/parameters/shared' },
            {
              name: 'id',
              in: 'query',
              type: 'string',
              'x-ms-dynamic-values': { operationId: 'ListB', parameters: { kind: { $ref: '#/definitions/Kind' } } },
            },
          ],
          responses: {
            '200': {
              description: 'OK',
              schema: {
                type: 'object',
                properties: {
                  'x-ms-name': { type: 'string', format: 'url' },
                  example: { type: 'string', format: 'email', 'x-ms-summary': 'Example' },
                },
                example: { 'x-ms-visibility': 'hidden', format: 'nope', $ref: '#/definitions/Sample' },
              },
            },
          },
        },
      },
    },
    definitions: {
      Event: {
        type: 'object',
        properties: { at: { type: 'string', format: 'datetime' }, copy: { $ref: '#/definitions/Event/properties/at' } },
      },
      'x-ms-definition': { type: 'string', format: 'int' },
      Kind: { type: 'string' },
      Sample: { type: 'string' },
    },
    parameters: { 'x-ms-parameter': { name: 'q', in: 'query', type: 'string' }, shared: { name: 's', in: 'query' } },
    'x-vendor': { 'x-ms-visibility': 'internal', format: 'skipped', schema: { $ref: '#/definitions/Kind' } },
  };
}

describe('documentFacts', () => {
  it('lists x-ms-* extensions in document order, skipping example data and the names of name maps', () => {
    const facts = documentFacts(trickyDocument());
    expect(facts.extensions.map((e) => [e.pointer, e.ownerPointer, e.ownerKey])).toEqual([
      ['/info/x-ms-api-annotation', '/info', 'info'],
      ['/x-ms-connector-metadata', '', undefined],
      ['/paths/~1a/x-ms-notification-content', '/paths/~1a', '/a'],
      ['/paths/~1a/parameters/0/x-ms-summary', '/paths/~1a/parameters/0', 'parameters'],
      ['/paths/~1a/get/x-ms-visibility', '/paths/~1a/get', 'get'],
      ['/paths/~1a/get/parameters/1/x-ms-dynamic-values', '/paths/~1a/get/parameters/1', 'parameters'],
      [
        '/paths/~1a/get/responses/200/schema/properties/example/x-ms-summary',
        '/paths/~1a/get/responses/200/schema/properties/example',
        'example',
      ],
      ['/x-vendor/x-ms-visibility', '/x-vendor', 'x-vendor'],
    ]);
  });

  it('lists unsupported formats outside example data and x- extensions', () => {
    const facts = documentFacts(trickyDocument());
    expect(facts.formats.map((f) => [f.pointer, f.holder.format])).toEqual([
      ['/paths/~1a/parameters/0', 'uri-template'],
      ['/paths/~1a/get/responses/200/schema/properties/x-ms-name', 'url'],
      ['/definitions/Event/properties/at', 'datetime'],
      ['/definitions/x-ms-definition', 'int'],
    ]);
  });

  it('lists $refs that do not point at a component entry, outside example data', () => {
    expect(documentFacts(trickyDocument()).misplacedRefs).toEqual([
      { ref: '#/definitions/Event/properties/at', pointer: '/definitions/Event/properties/copy/$ref' },
    ]);
  });

  it('lists every $ref and the operations extension values call, examples included', () => {
    const facts = documentFacts(trickyDocument());
    expect(facts.refs).toEqual([
      '#/definitions/Event',
      '#/parameters/shared',
      '#/definitions/Sample',
      '#/definitions/Event/properties/at',
      '#/definitions/Kind',
    ]);
    expect(facts.callRefs).toEqual(['#/definitions/Kind']);
    expect(facts.calls).toEqual(['ListB']);
  });

  it('gives packages sharing a part the same facts as separate walks', () => {
    const document = trickyDocument();
    const other: JsonObject = { ...document, paths: { '/b': (document.paths as JsonObject)['/a']! } };
    const apart = [documentFacts(document), documentFacts(other)];
    const shared = withDocumentMemo(() => [documentFacts(document), documentFacts(other)]);
    expect(shared).toEqual(apart);
    expect(shared[1]!.extensions[2]!.pointer).toBe('/paths/~1b/x-ms-notification-content');
  });

  it('gives the facts of a part from the cache of the whole document', () => {
    const document = trickyDocument();
    const get = ((document.paths as JsonObject)['/a'] as JsonObject).get!;
    withDocumentMemo(() => {
      const whole = documentFacts(document);
      const part = factsAt(get, ['paths', '/a', 'get']);
      expect(part.calls).toEqual(['ListB']);
      expect(whole.extensions).toEqual(expect.arrayContaining(part.extensions));
    });
  });
});

describe('collectFacts without refs', () => {
  it('finds the same extensions and formats while skipping example data', () => {
    const document = trickyDocument();
    const facts = collectFacts(document, new FactsCache({ refs: false }));
    const full = documentFacts(document);
    expect(facts.extensions).toEqual(full.extensions);
    expect(facts.formats).toEqual(full.formats);
    expect([facts.misplacedRefs, facts.refs, facts.callRefs, facts.calls]).toEqual([[], [], [], []]);
  });

  it('walks again the parts it is told to forget', () => {
    const document = trickyDocument();
    const cache = new FactsCache({ refs: false });
    const get = ((document.paths as JsonObject)['/a'] as JsonObject).get as JsonObject;
    expect(collectFacts(document, cache).extensions).toHaveLength(8);
    get['x-ms-trigger'] = 'single';
    expect(collectFacts(document, cache).extensions).toHaveLength(8);
    cache.forget(get);
    expect(collectFacts(document, cache).extensions.map((e) => e.name)).toContain('x-ms-trigger');
  });
});
