import { describe, expect, it } from 'vitest';
import { noPathTrailingSlash } from '../../src/validate/rules/no-path-trailing-slash.ts';
import { pathDuplicateTemplates } from '../../src/validate/rules/path-duplicate-templates.ts';
import { pathNoQueryString } from '../../src/validate/rules/path-no-query-string.ts';
import { pathParamRequired } from '../../src/validate/rules/path-param-required.ts';
import { pathParamsDefined } from '../../src/validate/rules/path-params-defined.ts';
import { pathTemplateValid } from '../../src/validate/rules/path-template-valid.ts';
import { check, oas3, ok, pointers, swagger2 } from './fixtures.ts';

const idParam = { name: 'id', in: 'path', required: true, type: 'string' };

describe('path-params-defined', () => {
  it('accepts templates declared on the path item, the operation or through a $ref', () => {
    const doc = swagger2(
      {
        '/a/{id}': { parameters: [idParam], get: { responses: ok } },
        '/b/{id}': { get: { parameters: [idParam], responses: ok } },
        '/c/{id}': { get: { parameters: [{ $ref: '#/parameters/id' }], responses: ok } },
      },
      { parameters: { id: idParam } },
    );
    expect(check(pathParamsDefined, doc)).toEqual([]);
  });

  it('reports a template without a parameter', () => {
    const findings = check(pathParamsDefined, swagger2({ '/a/{id}': { get: { responses: ok } } }));
    expect(pointers(findings)).toEqual(['/paths/~1a~1{id}/get']);
    expect(findings[0]!.message).toContain('{id}');
  });

  it('reports a path parameter that is not in the path', () => {
    const findings = check(pathParamsDefined, swagger2({ '/a': { get: { parameters: [idParam], responses: ok } } }));
    expect(pointers(findings)).toEqual(['/paths/~1a/get/parameters/0']);
  });

  it('does not count a query parameter with the template name', () => {
    const doc = oas3({ '/a/{id}': { get: { parameters: [{ name: 'id', in: 'query', schema: {} }], responses: ok } } });
    expect(pointers(check(pathParamsDefined, doc, '3.0'))).toEqual(['/paths/~1a~1{id}/get']);
  });
});

describe('path-param-required', () => {
  it('accepts required path parameters', () => {
    expect(
      check(pathParamRequired, swagger2({ '/a/{id}': { get: { parameters: [idParam], responses: ok } } })),
    ).toEqual([]);
  });

  it('reports a missing or false required once per definition', () => {
    const shared = { name: 'id', in: 'path', type: 'string' };
    const doc = swagger2(
      {
        '/a/{id}': { get: { parameters: [{ $ref: '#/parameters/id' }], responses: ok } },
        '/b/{id}': { get: { parameters: [{ $ref: '#/parameters/id' }], responses: ok } },
        '/c/{x}': { get: { parameters: [{ ...shared, name: 'x', required: false }], responses: ok } },
      },
      { parameters: { id: shared } },
    );
    expect(pointers(check(pathParamRequired, doc))).toEqual([
      '/parameters/id',
      '/paths/~1c~1{x}/get/parameters/0/required',
    ]);
  });
});

describe('path-no-query-string', () => {
  it('passes plain paths and reports a query string', () => {
    const doc = swagger2({ '/a': {}, '/b?c=1': {} });
    const findings = check(pathNoQueryString, doc);
    expect(pointers(findings)).toEqual(['/paths/~1b?c=1']);
    expect(findings[0]!.fix).toContain('"/b"');
  });
});

describe('path-duplicate-templates', () => {
  it('passes distinct shapes and reports paths that differ only in template names', () => {
    const doc = swagger2({ '/a/{x}': {}, '/a/{x}/b': {}, '/a/{y}': {}, '/a/b': {} });
    const findings = check(pathDuplicateTemplates, doc);
    expect(pointers(findings)).toEqual(['/paths/~1a~1{y}']);
    expect(findings[0]!.message).toContain('/a/{x}');
  });
});

describe('no-path-trailing-slash', () => {
  it('accepts "/" and reports "/a/"', () => {
    expect(pointers(check(noPathTrailingSlash, swagger2({ '/': {}, '/a/': {}, '/b': {} })))).toEqual(['/paths/~1a~1']);
  });
});

describe('path-template-valid', () => {
  it('accepts well-formed templates, several per segment', () => {
    expect(check(pathTemplateValid, swagger2({ '/a/{x}/b/{y}.{format}': {}, '/c': {} }))).toEqual([]);
  });

  it('reports empty, unbalanced, nested and repeated templates', () => {
    const doc = swagger2({ '/a/{}': {}, '/b/{x': {}, '/c/x}': {}, '/d/{{x}}': {}, '/e/{x}/{x}': {} });
    const findings = check(pathTemplateValid, doc);
    expect(pointers(findings)).toEqual([
      '/paths/~1a~1{}',
      '/paths/~1b~1{x',
      '/paths/~1c~1x}',
      '/paths/~1d~1{{x}}',
      '/paths/~1e~1{x}~1{x}',
    ]);
    expect(findings[4]!.message).toContain('twice');
  });
});
