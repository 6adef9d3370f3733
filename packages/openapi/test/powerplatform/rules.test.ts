import { describe, expect, it } from 'vitest';
import { powerplatformRules, powerplatformRuleset, runRules } from '../../src/powerplatform/index.ts';
import type { JsonObject } from '../../src/types.ts';
import { cleanDocument, parts } from './documents.ts';

type Mutation = (doc: JsonObject) => void;

/** For each rule: one way to break the clean document. */
const violations: Record<string, Mutation> = {
  'pp-swagger-version': (d) => {
    delete d.swagger;
    d.openapi = '3.0.3';
  },
  'pp-host': (d) => {
    d.host = 'https://api.example.com/v1';
  },
  'pp-base-path': (d) => {
    d.basePath = 'v1';
  },
  'pp-schemes': (d) => {
    d.schemes = ['wss'];
  },
  'pp-info-title': (d) => {
    parts(d).info.title = 'The Very Long Pet Store Connector Name';
  },
  'pp-info-description': (d) => {
    delete parts(d).info.description;
  },
  'pp-operation-id-required': (d) => {
    delete parts(d).listPets.operationId;
  },
  'pp-operation-id-unique': (d) => {
    parts(d).getPet.operationId = 'listpets';
  },
  'pp-operation-id-characters': (d) => {
    parts(d).listPets.operationId = 'list-pets';
  },
  'pp-operation-summary': (d) => {
    parts(d).listPets.summary = 'List pets.';
  },
  'pp-parameter-summary': (d) => {
    delete parts(d).limit['x-ms-summary'];
  },
  'pp-property-summary': (d) => {
    delete parts(d).petProperties.name!['x-ms-summary'];
  },
  'pp-path-query-string': (d) => {
    parts(d).paths['/pets?kind=dog'] = { get: { ...parts(d).listPets, operationId: 'ListDogs' } };
  },
  'pp-path-parameter-required': (d) => {
    parts(d).petId.required = false;
  },
  'pp-path-parameter-url-encoding': (d) => {
    parts(d).petId['x-ms-url-encoding'] = 'triple';
  },
  'pp-body-parameter-single': (d) => {
    (parts(d).createPet.parameters as JsonObject[]).push({ name: 'other', in: 'body', schema: { type: 'object' } });
  },
  'pp-body-form-data': (d) => {
    (parts(d).createPet.parameters as JsonObject[]).push({
      name: 'note',
      in: 'formData',
      type: 'string',
      'x-ms-summary': 'Note',
    });
  },
  'pp-file-parameter': (d) => {
    (parts(d).listPets.parameters as JsonObject[]).push({
      name: 'photo',
      in: 'query',
      type: 'file',
      'x-ms-summary': 'Photo',
    });
  },
  'pp-authorization-header': (d) => {
    (parts(d).listPets.parameters as JsonObject[]).push({
      name: 'Authorization',
      in: 'header',
      type: 'string',
      'x-ms-summary': 'Auth',
    });
  },
  'pp-response-success': (d) => {
    parts(d).getPet.responses = { default: { description: 'Error' } };
  },
  'pp-default-response-schema': (d) => {
    (parts(d).getPet.responses as JsonObject).default = { description: 'Error', schema: { type: 'object' } };
  },
  'pp-schema-allof-conflict': (d) => {
    parts(d).pet.allOf = [{ type: 'string' }, { type: 'object' }];
  },
  'pp-schema-property-name': (d) => {
    parts(d).petProperties[' tag'] = { type: 'string', 'x-ms-summary': 'Tag' };
  },
  'pp-schema-format': (d) => {
    parts(d).petProperties.id!.format = 'uri-template';
  },
  'pp-schema-size': (d) => {
    for (let i = 0; i < 600; i++)
      parts(d).petProperties[`field${i}`] = { type: 'string', 'x-ms-summary': `Field ${i}` };
  },
  'pp-security-definitions': (d) => {
    (d.securityDefinitions as JsonObject).basic = { type: 'basic' };
  },
  'pp-definition-size': (d) => {
    parts(d).pet.description = 'x'.repeat(1_100_000);
  },
  'pp-operation-count': (d) => {
    for (let i = 0; i < 257; i++) {
      parts(d).paths[`/things/${i}`] = {
        get: { operationId: `GetThing${i}`, summary: `Get thing ${i}`, responses: { '200': { description: 'OK' } } },
      };
    }
  },
  'pp-ref-location': (d) => {
    parts(d).petProperties.copy = { $ref: '#/definitions/Pet/properties/id' };
  },
  'pp-x-ms-visibility': (d) => {
    parts(d).limit['x-ms-visibility'] = 'hidden';
  },
  'pp-x-ms-trigger': (d) => {
    parts(d).listPets['x-ms-trigger'] = 'always';
  },
  'pp-x-ms-dynamic': (d) => {
    parts(d).petId['x-ms-dynamic-values'] = { operationId: 'ListOwners', 'value-path': 'id' };
  },
  'pp-x-ms-capabilities': (d) => {
    d['x-ms-capabilities'] = { testConnection: { parameters: {} } };
  },
  'pp-x-ms-connector-metadata': (d) => {
    d['x-ms-connector-metadata'] = [{ propertyName: 'Website' }];
  },
  'pp-x-ms-extension-shape': (d) => {
    parts(d).listPets['x-ms-pageable'] = { next: 'nextLink' };
  },
  'pp-x-ms-unknown': (d) => {
    parts(d).listPets['x-ms-sparkle'] = true;
  },
};

const ruleById = new Map(powerplatformRules.map((r) => [r.id, r]));

describe('Power Platform rules', () => {
  it('accepts the clean document without any finding', () => {
    expect(runRules(cleanDocument(), powerplatformRules, powerplatformRuleset)).toEqual([]);
  });

  it('has a severity, a pp- id and a violation case for every rule', () => {
    for (const rule of powerplatformRules) {
      expect(rule.id).toMatch(/^pp-[a-z0-9-]+$/);
      expect(powerplatformRuleset[rule.id]).toBeDefined();
      expect(violations[rule.id], rule.id).toBeDefined();
    }
    expect(Object.keys(powerplatformRuleset).sort()).toEqual(powerplatformRules.map((r) => r.id).sort());
  });

  it.each(Object.keys(violations))('%s reports a violation with a fix and accepts the clean document', (id) => {
    const rule = ruleById.get(id)!;
    expect(runRules(cleanDocument(), [rule], powerplatformRuleset)).toEqual([]);
    const broken = cleanDocument();
    violations[id]!(broken);
    const findings = runRules(broken, [rule], powerplatformRuleset);
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.rule).toBe(id);
      expect(finding.fix ?? '').not.toBe('');
      expect(finding.pointer === '' || finding.pointer.startsWith('/')).toBe(true);
    }
  });

  it('reports a missing title as an error and a long one as a warning', () => {
    const rule = [ruleById.get('pp-info-title')!];
    const missing = cleanDocument();
    delete parts(missing).info.title;
    expect(runRules(missing, rule, powerplatformRuleset)[0]?.severity).toBe('error');
    const long = cleanDocument();
    violations['pp-info-title']!(long);
    expect(runRules(long, rule, powerplatformRuleset)[0]).toMatchObject({
      severity: 'warning',
      pointer: '/info/title',
    });
  });

  it('treats wrongly cased x-ms-visibility as a warning and unknown values as errors', () => {
    const doc = cleanDocument();
    parts(doc).limit['x-ms-visibility'] = 'Advanced';
    parts(doc).petId['x-ms-visibility'] = 'hidden';
    const findings = runRules(doc, [ruleById.get('pp-x-ms-visibility')!], powerplatformRuleset);
    expect(findings.map((f) => f.severity).sort()).toEqual(['error', 'warning']);
  });

  it('reports a missing url encoding on path parameters only as info', () => {
    const doc = cleanDocument();
    delete parts(doc).petId['x-ms-url-encoding'];
    const findings = runRules(doc, [ruleById.get('pp-path-parameter-url-encoding')!], powerplatformRuleset);
    expect(findings).toMatchObject([{ severity: 'info', pointer: '/paths/~1pets~1{petId}/get/parameters/0' }]);
  });

  it('accepts several API keys with a warning but mixed security types as an error', () => {
    const keys = cleanDocument();
    (keys.securityDefinitions as JsonObject).app_id = { type: 'apiKey', in: 'query', name: 'appId' };
    expect(runRules(keys, [ruleById.get('pp-security-definitions')!], powerplatformRuleset)[0]?.severity).toBe(
      'warning',
    );
    const mixed = cleanDocument();
    violations['pp-security-definitions']!(mixed);
    expect(runRules(mixed, [ruleById.get('pp-security-definitions')!], powerplatformRuleset)[0]?.severity).toBe(
      'error',
    );
  });

  it('checks that dynamic values call an operation of the connector', () => {
    const doc = cleanDocument();
    parts(doc).petId['x-ms-dynamic-values'] = { operationId: 'ListPets', 'value-path': 'id', 'value-title': 'name' };
    expect(runRules(doc, [ruleById.get('pp-x-ms-dynamic')!], powerplatformRuleset)).toEqual([]);
    parts(doc).petId['x-ms-dynamic-values'] = { 'value-path': 'id' };
    expect(runRules(doc, [ruleById.get('pp-x-ms-dynamic')!], powerplatformRuleset)[0]?.message).toMatch(
      /exactly one of "operationId"/,
    );
  });

  it('reports a rule that throws as an error finding instead of stopping', () => {
    const broken = {
      id: 'pp-broken',
      description: 'throws',
      check: () => {
        throw new Error('boom');
      },
    };
    expect(runRules(cleanDocument(), [broken], { 'pp-broken': 'warning' })).toMatchObject([
      { rule: 'pp-broken', severity: 'error' },
    ]);
  });
});
