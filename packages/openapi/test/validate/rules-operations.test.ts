import { describe, expect, it } from 'vitest';
import { infoTitlePresent } from '../../src/validate/rules/info-title-present.ts';
import { operationOperationIdPresent } from '../../src/validate/rules/operation-operationId-present.ts';
import { operationOperationIdUnique } from '../../src/validate/rules/operation-operationId-unique.ts';
import { operationOperationIdValid } from '../../src/validate/rules/operation-operationId-valid.ts';
import { operationResponsesDefined } from '../../src/validate/rules/operation-responses-defined.ts';
import { operationSuccessResponse } from '../../src/validate/rules/operation-success-response.ts';
import { check, oas3, ok, pointers, swagger2 } from './fixtures.ts';

describe('info-title-present', () => {
  it('passes a document with a title', () => {
    expect(check(infoTitlePresent, swagger2())).toEqual([]);
  });

  it('reports an empty or missing title', () => {
    expect(pointers(check(infoTitlePresent, swagger2({}, { info: { title: '  ', version: '1' } })))).toEqual([
      '/info/title',
    ]);
    expect(pointers(check(infoTitlePresent, oas3({}, { info: { version: '1' } }), '3.0'))).toEqual(['/info']);
  });
});

describe('operation-operationId-unique', () => {
  it('passes distinct operationIds', () => {
    const doc = swagger2({
      '/a': { get: { operationId: 'a', responses: ok }, post: { operationId: 'b', responses: ok } },
    });
    expect(check(operationOperationIdUnique, doc)).toEqual([]);
  });

  it('reports the second use of an operationId and names the first', () => {
    const doc = swagger2({
      '/a': { get: { operationId: 'list', responses: ok } },
      '/b': { get: { operationId: 'list', responses: ok } },
    });
    const findings = check(operationOperationIdUnique, doc);
    expect(pointers(findings)).toEqual(['/paths/~1b/get/operationId']);
    expect(findings[0]!.message).toContain('GET /a');
  });
});

describe('operation-operationId-valid', () => {
  it('accepts URL-safe ids, including GitHub-style slashes', () => {
    const doc = swagger2({
      '/a': {
        get: { operationId: 'repos/list-for-org', responses: ok },
        put: { operationId: 'Put_A.v2', responses: ok },
      },
    });
    expect(check(operationOperationIdValid, doc)).toEqual([]);
  });

  it('reports spaces, braces and empty ids', () => {
    const doc = swagger2({
      '/a': { get: { operationId: 'get a', responses: ok }, put: { operationId: '{x}', responses: ok } },
      '/b': { get: { operationId: '', responses: ok } },
    });
    const findings = check(operationOperationIdValid, doc);
    expect(pointers(findings)).toEqual([
      '/paths/~1a/get/operationId',
      '/paths/~1a/put/operationId',
      '/paths/~1b/get/operationId',
    ]);
    expect(findings[0]!.message).toContain('" "');
    expect(findings[2]!.message).toContain('empty');
  });
});

describe('operation-operationId-present', () => {
  it('reports an operation without operationId and passes one with it', () => {
    const doc = swagger2({ '/a': { get: { responses: ok }, put: { operationId: 'putA', responses: ok } } });
    expect(pointers(check(operationOperationIdPresent, doc))).toEqual(['/paths/~1a/get']);
  });
});

describe('operation-responses-defined', () => {
  it('passes an operation with a response', () => {
    expect(check(operationResponsesDefined, swagger2({ '/a': { get: { responses: ok } } }))).toEqual([]);
  });

  it('reports missing responses and responses with only extensions', () => {
    const doc = oas3({ '/a': { get: {}, put: { responses: { 'x-note': 1 } } } }, {}, '3.1.0');
    expect(pointers(check(operationResponsesDefined, doc, '3.1'))).toEqual([
      '/paths/~1a/get',
      '/paths/~1a/put/responses',
    ]);
  });
});

describe('operation-success-response', () => {
  it('accepts 2XX, 3XX and default responses', () => {
    const doc = oas3({
      '/a': {
        get: { responses: { '2XX': { description: 'ok' } } },
        put: { responses: { '302': { description: 'moved' } } },
        post: { responses: { default: { description: 'any' } } },
      },
    });
    expect(check(operationSuccessResponse, doc, '3.0')).toEqual([]);
  });

  it('reports an operation with only error responses', () => {
    const doc = swagger2({ '/a': { get: { responses: { '404': { description: 'missing' } } } } });
    const findings = check(operationSuccessResponse, doc);
    expect(pointers(findings)).toEqual(['/paths/~1a/get/responses']);
    expect(findings[0]!.message).toContain('404');
  });
});
