/** buildModel: one normalised operation model for the 2.0, 3.0 and 3.1 forms of an API. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/convert/index.ts';
import { buildModel, generatedOperationId } from '../../src/model/index.ts';
import type { JsonObject } from '../../src/types.ts';
import { readDocument } from '../convert/helpers.ts';

const fixture = (name: string): JsonObject => readDocument(join(import.meta.dirname, 'fixtures', name));

describe('buildModel', () => {
  const model30 = buildModel(fixture('notes-3.0.yaml'));

  it('gives equal models for the 2.0, 3.0 and 3.1 forms of the same API', () => {
    expect(buildModel(fixture('notes-2.0.yaml'))).toEqual(model30);
    expect(buildModel(fixture('notes-3.1.yaml'))).toEqual(model30);
  });

  it('gives an equal model after converting the 3.0 form to 2.0 and 3.1', () => {
    const source = fixture('notes-3.0.yaml');
    for (const to of ['2.0', '3.1'] as const) {
      const { document, losses } = convertDocument(source, { to });
      expect(losses.map((l) => l.kind)).toEqual(to === '2.0' ? ['nullable'] : []);
      expect(buildModel(document)).toEqual(model30);
    }
  });

  it('describes the document: title, servers, schemes and named schemas', () => {
    expect(model30.title).toBe('Notes');
    expect(model30.version).toBe('2.1.0');
    expect(model30.description).toBe('Take notes.');
    expect(model30.servers).toEqual([{ url: 'https://notes.example.com/api' }]);
    expect(model30.securitySchemes).toEqual([
      { name: 'key', type: 'apiKey', in: 'header', parameterName: 'X-Key' },
      { name: 'basic', type: 'http', scheme: 'basic' },
      {
        name: 'oauth',
        type: 'oauth2',
        flows: [
          {
            kind: 'authorizationCode',
            authorizationUrl: 'https://login.example.com/authorize',
            tokenUrl: 'https://login.example.com/token',
            scopes: { 'notes.write': 'Write notes' },
          },
        ],
      },
    ]);
    expect(Object.keys(model30.schemas)).toEqual(['Note']);
  });

  it('merges path and operation parameters, resolves references and fills effective styles', () => {
    const list = model30.operations.find((o) => o.operationId === 'listNotes')!;
    expect(list.parameters).toEqual([
      {
        name: 'tags',
        in: 'query',
        required: false,
        schema: { type: 'array', items: { type: 'string' } },
        style: 'form',
        explode: false,
        collectionFormat: 'csv',
        extensions: {},
      },
      {
        name: 'limit',
        in: 'query',
        required: true,
        schema: { type: 'integer', default: 10 },
        style: 'form',
        explode: true,
        extensions: { 'x-ms-summary': 'Limit' },
      },
      {
        name: 'X-Request-Id',
        in: 'header',
        required: false,
        schema: { type: 'string', format: 'uuid' },
        style: 'simple',
        explode: false,
        extensions: {},
      },
    ]);
    expect(list.extensions).toEqual({ 'x-ms-visibility': 'important' });
    expect(list.security).toEqual([{ key: [] }]);
    expect(list.responses).toEqual([
      {
        status: '200',
        description: 'The notes.',
        contents: [
          { mediaType: 'application/json', schema: { type: 'array', items: { $ref: '#/components/schemas/Note' } } },
        ],
        headers: [{ name: 'X-Total', description: 'Total count.', required: false, schema: { type: 'integer' } }],
      },
    ]);
  });

  it('keeps request bodies and exposes form fields as formData parameters', () => {
    const create = model30.operations.find((o) => o.operationId === 'createNote')!;
    expect(create.requestBody).toEqual({
      required: true,
      description: 'The note.',
      contents: [{ mediaType: 'application/json', schema: { $ref: '#/components/schemas/Note' } }],
      extensions: {},
    });
    expect(create.security).toEqual([{ oauth: ['notes.write'] }]);
    const attach = model30.operations.find((o) => o.operationId === 'attach')!;
    expect(attach.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['id', 'path', true],
      ['file', 'formData', true],
      ['caption', 'formData', false],
    ]);
    expect(attach.requestBody?.contents.map((c) => c.mediaType)).toEqual(['multipart/form-data']);
  });

  it('shares no object with the input document', () => {
    const input = fixture('notes-3.0.yaml');
    const model = buildModel(input);
    const note = (input.components as JsonObject).schemas as JsonObject;
    expect(model.schemas.Note).toEqual(note.Note);
    expect(model.schemas.Note).not.toBe(note.Note);
  });

  it('generates a deterministic operationId when one is missing, and flags it', () => {
    const get = model30.operations.find((o) => o.path === '/notes/{id}' && o.method === 'get')!;
    expect(get.operationId).toBe('get_notes_id');
    expect(get.operationIdGenerated).toBe(true);
    expect(get.deprecated).toBe(true);
    expect(generatedOperationId('post', '/v1/{tenant}/files.upload')).toBe('post_v1_tenant_files_upload');
  });

  it("keeps the operations of GitHub's API unchanged through a 3.0 → 2.0 conversion, modulo losses", () => {
    const path = join(import.meta.dirname, '../../../../node_modules/@octokit/openapi/generated/api.github.com.json');
    const source = JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
    const before = buildModel(source);
    const after = buildModel(convertDocument(source, { to: '2.0' }).document);
    const shape = (m: typeof before) =>
      m.operations.map((o) => ({
        id: o.operationId,
        method: o.method,
        path: o.path,
        parameters: o.parameters.map((p) => `${p.in}:${p.name}:${p.required}`),
        statuses: o.responses.map((r) => r.status),
      }));
    expect(shape(after)).toEqual(shape(before));
    expect(after.operations.length).toBeGreaterThan(900);
  });
});
