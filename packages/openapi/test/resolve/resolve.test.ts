import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinition } from '../../src/parse/index.ts';
import { getAt } from '../../src/pointer.ts';
import { loadDefinition, resolveDefinition } from '../../src/resolve/index.ts';
import type { Loader } from '../../src/types.ts';

/** An in-memory loader: URI → text (objects are dumped as YAML); a missing URI rejects like a 404. */
function memoryLoader(files: Record<string, string | object>): Loader & { calls: string[] } {
  const calls: string[] = [];
  const loader = async (uri: string) => {
    calls.push(uri);
    const file = files[uri];
    if (file === undefined) throw new Error(`${uri}: 404 Not Found`);
    return { text: typeof file === 'string' ? file : yaml.dump(file) };
  };
  return Object.assign(loader, { calls });
}

/** A test-only loader for file:// URIs. */
const fileLoader: Loader = async (uri) => ({ text: await readFile(fileURLToPath(uri)) });

function parseRoot(value: object, uri = 'file:///api/openapi.yaml') {
  return parseDefinition(yaml.dump(value), { uri });
}

async function rejection(promise: Promise<unknown>): Promise<DefinitionError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return error as DefinitionError;
  }
  throw new Error('expected a DefinitionError');
}

const oas = (extra: object) => ({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, ...extra });

describe('resolveDefinition with internal refs only', () => {
  it('returns the parsed document unchanged and reports broken internal refs with their line', async () => {
    const text = [
      'openapi: 3.0.3',
      'info: {title: t, version: "1"}',
      'paths:',
      '  /a:',
      '    get:',
      '      responses:',
      '        "200":',
      '          $ref: "#/components/responses/Missing"',
      '        "201":',
      '          $ref: "#/components/responses/Ok"',
      'components:',
      '  responses:',
      '    Ok: {description: ok}',
      '',
    ].join('\n');
    const root = parseDefinition(text, { uri: 'file:///api/openapi.yaml' });
    const resolved = await resolveDefinition(root, {});
    expect(resolved.document).toBe(root.value);
    expect(resolved.version).toEqual({ family: '3.0', version: '3.0.3' });
    expect(resolved.findings).toEqual([
      {
        rule: 'ref-resolvable',
        severity: 'error',
        message: expect.stringContaining('/components/responses/Missing does not exist'),
        pointer: '/paths/~1a/get/responses/200/$ref',
        line: 8,
        column: 11,
      },
    ]);
    expect(resolved.locate('/components/responses/Ok')).toEqual({ line: 13, column: 5 });
  });

  it('refuses a document that is not OpenAPI', async () => {
    const root = parseDefinition('{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}');
    expect((await rejection(resolveDefinition(root, {}))).code).toBe('not-openapi');
  });
});

describe('resolveDefinition bundling external files', () => {
  it('bundles relative refs, nested relative refs and same-file refs under components/schemas', async () => {
    const loader = memoryLoader({
      'file:///api/schemas/pet.yaml': {
        Pet: {
          type: 'object',
          properties: { id: { $ref: '../common/types.yaml#/Id' }, tag: { $ref: '#/Tag' } },
        },
        Tag: { type: 'string' },
      },
      'file:///api/common/types.yaml': { Id: { type: 'integer' } },
    });
    const rootValue = oas({
      paths: {
        '/pets': {
          get: {
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: './schemas/pet.yaml#/Pet' } } },
              },
            },
          },
        },
      },
    });
    const root = parseRoot(rootValue);
    const before = JSON.stringify(root.value);
    const resolved = await resolveDefinition(root, { loader });
    const doc = resolved.document;
    expect(resolved.findings).toEqual([]);
    expect(getAt(doc, '/paths/~1pets/get/responses/200/content/application~1json/schema')).toEqual({
      $ref: '#/components/schemas/Pet',
    });
    expect(getAt(doc, '/components/schemas')).toEqual({
      Pet: {
        type: 'object',
        properties: { id: { $ref: '#/components/schemas/Id' }, tag: { $ref: '#/components/schemas/Tag' } },
      },
      Id: { type: 'integer' },
      Tag: { type: 'string' },
    });
    expect(JSON.stringify(root.value)).toBe(before);
    expect([...resolved.documents.keys()].sort()).toEqual([
      'file:///api/common/types.yaml',
      'file:///api/openapi.yaml',
      'file:///api/schemas/pet.yaml',
    ]);
  });

  it('bundles a target referenced twice only once and loads each file once', async () => {
    const loader = memoryLoader({ 'file:///api/pet.json': JSON.stringify({ type: 'object' }) });
    const schema = { $ref: 'pet.json' };
    const root = parseRoot(
      oas({ components: { schemas: { A: { type: 'array', items: schema }, B: { properties: { p: schema } } } } }),
    );
    const resolved = await resolveDefinition(root, { loader });
    expect(getAt(resolved.document, '/components/schemas/A/items')).toEqual({ $ref: '#/components/schemas/pet' });
    expect(getAt(resolved.document, '/components/schemas/B/properties/p')).toEqual({
      $ref: '#/components/schemas/pet',
    });
    expect(getAt(resolved.document, '/components/schemas/pet')).toEqual({ type: 'object' });
    expect(loader.calls).toEqual(['file:///api/pet.json']);
  });

  it('gives colliding names a suffix', async () => {
    const loader = memoryLoader({
      'file:///api/a.yaml': { Pet: { type: 'string' } },
      'file:///api/b.yaml': { Pet: { type: 'integer' } },
    });
    const root = parseRoot(
      oas({
        components: {
          schemas: {
            Pet: { type: 'boolean' },
            Use: { properties: { a: { $ref: 'a.yaml#/Pet' }, b: { $ref: 'b.yaml#/Pet' } } },
          },
        },
      }),
    );
    const resolved = await resolveDefinition(root, { loader });
    const schemas = getAt(resolved.document, '/components/schemas') as Record<string, unknown>;
    expect(schemas.Pet).toEqual({ type: 'boolean' });
    const refs = [
      getAt(resolved.document, '/components/schemas/Use/properties/a/$ref'),
      getAt(resolved.document, '/components/schemas/Use/properties/b/$ref'),
    ];
    expect(refs.sort()).toEqual(['#/components/schemas/Pet_2', '#/components/schemas/Pet_3']);
    expect([schemas.Pet_2, schemas.Pet_3]).toEqual(expect.arrayContaining([{ type: 'string' }, { type: 'integer' }]));
  });

  it('fills a component that is only an external $ref with the target itself', async () => {
    const loader = memoryLoader({ 'file:///api/pet.yaml': { type: 'object', properties: { self: { $ref: '#' } } } });
    const root = parseRoot(
      oas({
        components: { schemas: { Pet: { $ref: './pet.yaml' }, List: { items: { $ref: 'pet.yaml' } } } },
      }),
    );
    const resolved = await resolveDefinition(root, { loader });
    expect(getAt(resolved.document, '/components/schemas')).toEqual({
      Pet: { type: 'object', properties: { self: { $ref: '#/components/schemas/Pet' } } },
      List: { items: { $ref: '#/components/schemas/Pet' } },
    });
  });

  it('places parameters, responses and request bodies in their own component areas', async () => {
    const loader = memoryLoader({
      'file:///api/common.yaml': {
        Limit: { name: 'limit', in: 'query', schema: { type: 'integer' } },
        NotFound: { description: 'not found' },
        Body: { content: { 'application/json': { schema: { type: 'object' } } } },
      },
    });
    const root = parseRoot(
      oas({
        paths: {
          '/a': {
            post: {
              parameters: [{ $ref: 'common.yaml#/Limit' }],
              requestBody: { $ref: 'common.yaml#/Body' },
              responses: { '404': { $ref: 'common.yaml#/NotFound' } },
            },
          },
        },
      }),
    );
    const resolved = await resolveDefinition(root, { loader });
    const op = '/paths/~1a/post';
    expect(getAt(resolved.document, `${op}/parameters/0/$ref`)).toBe('#/components/parameters/Limit');
    expect(getAt(resolved.document, `${op}/requestBody/$ref`)).toBe('#/components/requestBodies/Body');
    expect(getAt(resolved.document, `${op}/responses/404/$ref`)).toBe('#/components/responses/NotFound');
    expect(getAt(resolved.document, '/components/parameters/Limit/name')).toBe('limit');
  });

  it('bundles Swagger 2.0 into definitions, parameters and responses, and inlines path items', async () => {
    const loader = memoryLoader({
      'file:///api/defs.yaml': {
        Pet: { type: 'object' },
        Id: { name: 'id', in: 'path', required: true, type: 'string' },
        Gone: { description: 'gone', schema: { $ref: '#/Pet' } },
      },
      'file:///api/item.yaml': {
        get: { parameters: [{ $ref: 'defs.yaml#/Id' }], responses: { '410': { $ref: 'defs.yaml#/Gone' } } },
      },
    });
    const root = parseRoot({
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: { '/p/{id}': { $ref: 'item.yaml' } },
    });
    const resolved = await resolveDefinition(root, { loader });
    expect(resolved.findings).toEqual([]);
    expect(resolved.document.paths).toEqual({
      '/p/{id}': {
        get: { parameters: [{ $ref: '#/parameters/Id' }], responses: { '410': { $ref: '#/responses/Gone' } } },
      },
    });
    expect(resolved.document.definitions).toEqual({ Pet: { type: 'object' } });
    expect(resolved.document.responses).toEqual({
      Gone: { description: 'gone', schema: { $ref: '#/definitions/Pet' } },
    });
    expect(resolved.origin('/paths/~1p~1{id}/get')).toMatchObject({ uri: 'file:///api/item.yaml', pointer: '/get' });
  });

  it('puts external path items of OpenAPI 3.1 under components/pathItems', async () => {
    const loader = memoryLoader({ 'file:///api/item.yaml': { get: { responses: { '200': { description: 'ok' } } } } });
    const root = parseRoot({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/p': { $ref: 'item.yaml' } },
    });
    const resolved = await resolveDefinition(root, { loader });
    expect(getAt(resolved.document, '/paths/~1p')).toEqual({ $ref: '#/components/pathItems/item' });
    expect(getAt(resolved.document, '/components/pathItems/item/get/responses/200/description')).toBe('ok');
  });

  it('resolves refs in files fetched over HTTP against their URL', async () => {
    const loader = memoryLoader({
      'https://example.com/api/schemas/pet.json': JSON.stringify({
        Pet: { properties: { o: { $ref: '../owner.json' } } },
      }),
      'https://example.com/api/owner.json': JSON.stringify({ type: 'object' }),
    });
    const root = parseRoot(
      oas({ components: { schemas: { P: { $ref: 'schemas/pet.json#/Pet' } } } }),
      'https://example.com/api/openapi.yaml',
    );
    const resolved = await resolveDefinition(root, { loader });
    expect(getAt(resolved.document, '/components/schemas')).toEqual({
      P: { properties: { o: { $ref: '#/components/schemas/owner' } } },
      owner: { type: 'object' },
    });
  });

  it('inlines targets that are not reusable components, such as a whole parameter list', async () => {
    const loader = memoryLoader({
      'file:///api/params.yaml': [{ name: 'a', in: 'query' }],
      'file:///api/meta.yaml': { owner: 'team' },
    });
    const root = parseRoot(
      oas({ paths: { '/a': { get: { parameters: { $ref: 'params.yaml' }, 'x-meta': { $ref: 'meta.yaml' } } } } }),
    );
    const resolved = await resolveDefinition(root, { loader });
    expect(getAt(resolved.document, '/paths/~1a/get')).toEqual({
      parameters: [{ name: 'a', in: 'query' }],
      'x-meta': { owner: 'team' },
    });
    expect(resolved.document.components).toBeUndefined();
  });

  it('leaves $ref inside examples and defaults alone', async () => {
    const root = parseRoot(
      oas({
        components: {
          schemas: {
            S: { example: { $ref: 'not/a/file.yaml' }, properties: { example: { $ref: '#/components/schemas/S' } } },
          },
        },
      }),
    );
    const resolved = await resolveDefinition(root, {});
    expect(resolved.findings).toEqual([]);
  });
});

describe('resolveDefinition with cycles', () => {
  it('keeps a self-referencing external schema as a cycle of internal refs', async () => {
    const loader = memoryLoader({
      'file:///api/tree.yaml': {
        Node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/Node' } } } },
      },
    });
    const root = parseRoot(oas({ components: { schemas: { Tree: { $ref: 'tree.yaml#/Node' } } } }));
    const resolved = await resolveDefinition(root, { loader });
    expect(getAt(resolved.document, '/components/schemas/Tree/properties/children/items')).toEqual({
      $ref: '#/components/schemas/Tree',
    });
  });

  it('bundles mutual recursion across two files', async () => {
    const loader = memoryLoader({
      'file:///api/a.yaml': { A: { properties: { b: { $ref: 'b.yaml#/B' } } } },
      'file:///api/b.yaml': { B: { properties: { a: { $ref: 'a.yaml#/A' } } } },
    });
    const root = parseRoot(
      oas({
        paths: {
          '/x': {
            get: { responses: { '200': { description: 'x', content: { 'a/b': { schema: { $ref: 'a.yaml#/A' } } } } } },
          },
        },
      }),
    );
    const resolved = await resolveDefinition(root, { loader });
    expect(getAt(resolved.document, '/components/schemas')).toEqual({
      A: { properties: { b: { $ref: '#/components/schemas/B' } } },
      B: { properties: { a: { $ref: '#/components/schemas/A' } } },
    });
    expect(resolved.origin('/components/schemas/B/properties/a')).toEqual({
      uri: 'file:///api/b.yaml',
      pointer: '/B/properties/a',
      line: 3,
      column: 5,
    });
  });

  it('reports a path item that includes itself, which OpenAPI 3.0 cannot hold as a component', async () => {
    const loader = memoryLoader({ 'file:///api/item.yaml': { get: { 'x-again': { $ref: '#' } } } });
    const root = parseRoot(oas({ paths: { '/loop': { $ref: 'item.yaml' } } }));
    const resolved = await resolveDefinition(root, { loader });
    expect(resolved.findings).toHaveLength(1);
    expect(resolved.findings[0]).toMatchObject({ source: 'file:///api/item.yaml', pointer: '/get/x-again/$ref' });
    expect(resolved.findings[0]?.message).toContain('circular');
  });

  it('decodes percent-encoded pointer fragments', async () => {
    const loader = memoryLoader({ 'file:///api/lib.yaml': { 'a b': { '{x}': { type: 'string' } } } });
    const root = parseRoot(
      oas({ components: { schemas: { S: { properties: { p: { $ref: 'lib.yaml#/a%20b/%7Bx%7D' } } } } } }),
    );
    const resolved = await resolveDefinition(root, { loader });
    expect(resolved.findings).toEqual([]);
    expect(getAt(resolved.document, '/components/schemas/_x_')).toEqual({ type: 'string' });
  });

  it('walks very deep documents without overflowing the stack', async () => {
    const depth = 20_000;
    const deep = `${'{"type":"object","properties":{"n":'.repeat(depth)}{"type":"string"}${'}}'.repeat(depth)}`;
    const text = `{"openapi":"3.0.3","paths":{},"components":{"schemas":{"Deep":${deep},"Ref":{"$ref":"#/components/schemas/Nope"}}}}`;
    const resolved = await resolveDefinition(parseDefinition(text), {});
    expect(resolved.findings.map((f) => f.pointer)).toEqual(['/components/schemas/Ref/$ref']);
    expect(resolved.findings[0]?.line).toBe(1);
  });
});

describe('resolveDefinition failures and limits', () => {
  it('reports an unreachable file as a finding with the loader message and the line of the $ref', async () => {
    const text = [
      'openapi: 3.0.3',
      'info: {title: t, version: "1"}',
      'paths: {}',
      'components:',
      '  schemas:',
      '    A:',
      '      $ref: missing.yaml#/A',
      '',
    ].join('\n');
    const resolved = await resolveDefinition(parseDefinition(text, { uri: 'file:///api/openapi.yaml' }), {
      loader: memoryLoader({}),
    });
    expect(resolved.findings).toHaveLength(1);
    expect(resolved.findings[0]).toMatchObject({
      rule: 'ref-resolvable',
      severity: 'error',
      pointer: '/components/schemas/A/$ref',
      line: 7,
      column: 7,
    });
    expect(resolved.findings[0]?.message).toContain('404 Not Found');
    expect(getAt(resolved.document, '/components/schemas/A/$ref')).toBe('missing.yaml#/A');
  });

  it('reports broken refs inside other files with the source file', async () => {
    const loader = memoryLoader({ 'file:///api/a.yaml': 'A:\n  properties:\n    x:\n      $ref: "#/Nope"\n' });
    const root = parseRoot(oas({ components: { schemas: { S: { $ref: 'a.yaml#/A' } } } }));
    const resolved = await resolveDefinition(root, { loader });
    expect(resolved.findings).toEqual([
      expect.objectContaining({ pointer: '/A/properties/x/$ref', source: 'file:///api/a.yaml', line: 4, column: 7 }),
    ]);
  });

  it('reports external refs when no loader is given', async () => {
    const resolved = await resolveDefinition(
      parseRoot(oas({ components: { schemas: { S: { $ref: 'x.yaml' } } } })),
      {},
    );
    expect(resolved.findings[0]?.message).toContain('no loader');
  });

  it('stops at maxDocuments and maxDepth with ref-limit errors naming the ref', async () => {
    const files: Record<string, object> = {};
    for (let i = 1; i <= 5; i++)
      files[`file:///api/f${i}.yaml`] = { S: i === 5 ? { type: 'string' } : { $ref: `f${i + 1}.yaml#/S` } };
    const root = () => parseRoot(oas({ components: { schemas: { S: { $ref: 'f1.yaml#/S' } } } }));
    const docs = await rejection(
      resolveDefinition(root(), { loader: memoryLoader(files), limits: { maxDocuments: 3 } }),
    );
    expect(docs.code).toBe('ref-limit');
    expect(docs.message).toContain('maxDocuments');
    expect(docs.message).toContain('f3.yaml#/S');
    const depth = await rejection(resolveDefinition(root(), { loader: memoryLoader(files), limits: { maxDepth: 2 } }));
    expect(depth.code).toBe('ref-limit');
    expect(depth.message).toContain('maxDepth');
    const ok = await resolveDefinition(root(), { loader: memoryLoader(files) });
    expect(Object.keys(ok.document.components as object)).toEqual(['schemas']);
    expect(ok.findings).toEqual([]);
  });

  it('stops at maxTotalBytes', async () => {
    const loader = memoryLoader({ 'file:///api/big.yaml': `big: "${'x'.repeat(5000)}"\n` });
    const root = parseRoot(oas({ components: { schemas: { S: { $ref: 'big.yaml' } } } }));
    const error = await rejection(resolveDefinition(root, { loader, limits: { maxTotalBytes: 4000 } }));
    expect(error.code).toBe('ref-limit');
    expect(error.message).toContain('maxTotalBytes');
  });

  it('throws unreachable when the root itself cannot be loaded', async () => {
    const error = await rejection(loadDefinition('file:///nowhere.yaml', { loader: memoryLoader({}) }));
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('404');
  });
});

describe('loadDefinition on a multi-file fixture', () => {
  it('bundles the pets fixture into one document with every $ref internal', async () => {
    const uri = pathToFileURL(fileURLToPath(new URL('./fixtures/multi-file/openapi.yaml', import.meta.url))).href;
    const resolved = await loadDefinition(uri, { loader: fileLoader });
    expect(resolved.findings).toEqual([]);
    const doc = resolved.document;
    const refs: string[] = [];
    const stack: unknown[] = [doc];
    while (stack.length > 0) {
      const node = stack.pop();
      if (node === null || typeof node !== 'object') continue;
      if (typeof (node as { $ref?: unknown }).$ref === 'string') refs.push((node as { $ref: string }).$ref);
      stack.push(...Object.values(node));
    }
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      expect(getAt(doc, ref), ref).toBeDefined();
    }
    expect(Object.keys(getAt(doc, '/components/schemas') as object).sort()).toEqual([
      'Error',
      'Id',
      'Owner',
      'Pet',
      'Tag',
    ]);
    expect(getAt(doc, '/components/schemas/Owner/properties/pets/items')).toEqual({ $ref: '#/components/schemas/Pet' });
    expect(getAt(doc, '/components/responses/Problem/content/application~1json/schema')).toEqual({
      $ref: '#/components/schemas/Error',
    });
    expect(getAt(doc, '/paths/~1pets/get/operationId')).toBe('listPets');
    expect(resolved.documents.size).toBe(5);
    expect(resolved.locate('/paths/~1owners~1{id}/get')).toEqual({ line: 9, column: 5 });
    expect(resolved.locate('/components/schemas/Pet')).toBeUndefined();
    expect(resolved.origin('/components/schemas/Pet/properties/name')).toMatchObject({
      uri: expect.stringMatching(/schemas\/pet\.yaml$/),
      pointer: '/Pet/properties/name',
      line: 7,
      column: 5,
    });
  });
});
