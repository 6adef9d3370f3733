// Import-time checks of policy templates, and the expression language they use.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '@portico/openapi';
import { describe, expect, it } from 'vitest';
import { checkPolicies, compileTemplate, compileValuePath, createGateway } from '../src/gateway/index.ts';

const CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/corpus/powerplatform/connectors',
);

function read(folder: string, file: string): JsonObject {
  return JSON.parse(readFileSync(path.join(CORPUS, folder, file), 'utf8').replace(/^\uFEFF/, '')) as JsonObject;
}

function instances(...list: JsonObject[]): JsonObject {
  return { properties: { policyTemplateInstances: list } };
}

describe('checkPolicies', () => {
  it('accepts every policy of the 64 corpus connectors except the three templates Portico does not run', () => {
    const errors: string[] = [];
    for (const folder of readdirSync(CORPUS)) {
      for (const finding of checkPolicies(
        read(folder, 'apiProperties.json'),
        read(folder, 'apiDefinition.swagger.json'),
      )) {
        if (finding.severity === 'error') errors.push(`${folder} ${finding.rule} ${finding.pointer}`);
      }
    }
    expect(errors.sort()).toEqual([
      'AlisQI gateway-policy-unknown-template /properties/policyTemplateInstances/0/templateId',
      'AzureAD gateway-policy-unknown-template /properties/policyTemplateInstances/5/templateId',
      'DeskDirector gateway-policy-unknown-template /properties/policyTemplateInstances/2/templateId',
    ]);
  });

  it('reports an unknown template with its pointer, its title and the supported ids', () => {
    const [finding] = checkPolicies(instances({ templateId: 'moveproperties', title: 'Move', parameters: {} }));
    expect(finding).toMatchObject({
      rule: 'gateway-policy-unknown-template',
      severity: 'error',
      pointer: '/properties/policyTemplateInstances/0/templateId',
    });
    expect(finding?.message).toContain('"Move"');
    expect(finding?.fix).toContain('setheader');
  });

  it('reports missing required parameters, bad sections and malformed operation lists', () => {
    const findings = checkPolicies(
      instances(
        { templateId: 'setheader', parameters: { 'x-ms-apimTemplateParameter.name': 'X' } },
        {
          templateId: 'dynamichosturl',
          parameters: {
            'x-ms-apimTemplateParameter.urlTemplate': 'https://x',
            'x-ms-apimTemplate-policySection': 'Response',
          },
        },
        {
          templateId: 'setqueryparameter',
          parameters: {
            'x-ms-apimTemplateParameter.name': 'a',
            'x-ms-apimTemplateParameter.value': 'b',
            'x-ms-apimTemplate-operationName': 'Op',
          },
        },
        {
          templateId: 'stringreplace',
          parameters: {
            'x-ms-apimTemplateParameter.propertyParentPath': 'not a path',
            'x-ms-apimTemplateParameter.sourceString': 'a',
            'x-ms-apimTemplateParameter.replacementString': 'b',
            'x-ms-apimTemplateParameter.newPropertyPath': '@item().x',
          },
        },
      ),
    );
    expect(findings.map((f) => [f.rule, f.pointer])).toEqual([
      ['gateway-policy-invalid', '/properties/policyTemplateInstances/0/parameters'],
      ['gateway-policy-invalid', '/properties/policyTemplateInstances/1/parameters/x-ms-apimTemplate-policySection'],
      ['gateway-policy-invalid', '/properties/policyTemplateInstances/2/parameters/x-ms-apimTemplate-operationName'],
      ['gateway-policy-invalid', '/properties/policyTemplateInstances/3/parameters'],
    ]);
    expect(findings[0]?.message).toContain('x-ms-apimTemplateParameter.value');
    expect(findings[3]?.message).toContain('propertyParentPath');
  });

  it('warns about operation ids the definition does not have (Almabase "Listforms")', () => {
    const findings = checkPolicies(
      read('Almabase', 'apiProperties.json'),
      read('Almabase', 'apiDefinition.swagger.json'),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'gateway-policy-unknown-operation', severity: 'warning' });
    expect(findings[0]?.message).toContain('"Listforms"');
  });

  it('skips a broken policy at run time and reports it from prepare', async () => {
    const gateway = createGateway({ allowHosts: [] });
    try {
      const findings = gateway.prepare({
        name: 'broken',
        definition: { swagger: '2.0', info: { title: 't', version: '1' }, host: 'example.com', paths: {} },
        properties: instances({ templateId: 'dynamicsubdomain', parameters: {} }),
      });
      expect(findings.map((f) => f.rule)).toEqual(['gateway-policy-unknown-template']);
    } finally {
      await gateway.close();
    }
  });
});

describe('policy expressions', () => {
  const scope = {
    connectionParameters: { subdomain: 'acme', 'token:host': 'h.example' },
    header: (name: string) => (name === 'TeamId' ? 'T1' : undefined),
    query: (name: string) => (name === 'q' ? 'find me' : undefined),
    body: { a: { 'b.c': [{ d: 4 }] }, '@odata.etag': 'W/1' },
    item: { id: 7, reference: 'R' },
  };

  it('substitutes connection parameters without reading the host suffix as an accessor', () => {
    expect(compileTemplate("https://@connectionParameters('subdomain').kanbantool.com").evaluate(scope)).toBe(
      'https://acme.kanbantool.com',
    );
    expect(compileTemplate("https://@connectionParameters('token:host')/x").evaluate(scope)).toBe(
      'https://h.example/x',
    );
  });

  it('uses the default of @connectionParameters and records missing names', () => {
    const withDefault = { ...scope, missing: [] as string[] };
    expect(compileTemplate("@connectionParameters('region','https://api.example')").evaluate(withDefault)).toBe(
      'https://api.example',
    );
    expect(withDefault.missing).toEqual([]);
    const missing = { ...scope, missing: [] as string[] };
    compileTemplate("https://@connectionParameters('nope').x").evaluate(missing);
    expect(missing.missing).toEqual(['nope']);
  });

  it('reads headers, query parameters and body paths, inside @{…} and {@…} wrappers', () => {
    expect(compileTemplate("/teams/@headers('TeamId')/boards").evaluate(scope)).toBe('/teams/T1/boards');
    expect(compileTemplate("rhs:@queryParameters('q')").evaluate(scope)).toBe('rhs:find me');
    expect(compileTemplate("gt @{triggerBody().a['b.c'][0].d}").evaluate({ ...scope, triggerBody: scope.body })).toBe(
      'gt 4',
    );
    expect(compileTemplate("{@item()['id']}-{@item()['reference']}").evaluate(scope)).toBe('7-R');
    expect(compileTemplate("@body()['@odata.etag']").value(scope)).toBe('W/1');
  });

  it('keeps text that only looks like an expression', () => {
    expect(compileTemplate('@odata.nextLink').evaluate(scope)).toBe('@odata.nextLink');
    expect(compileTemplate('mail@example.com').constant).toBe(true);
  });

  it('compiles value paths with and without the leading @', () => {
    expect(compileValuePath('@body().references')).toEqual({ root: 'body', segments: ['references'] });
    expect(compileValuePath('body()')).toEqual({ root: 'body', segments: [] });
    expect(compileValuePath("@item()['@odata.type']")).toEqual({ root: 'item', segments: ['@odata.type'] });
    expect(compileValuePath('@triggerBody().value[0]')).toEqual({ root: 'triggerBody', segments: ['value', 0] });
    expect(compileValuePath('references')).toBeUndefined();
  });
});
