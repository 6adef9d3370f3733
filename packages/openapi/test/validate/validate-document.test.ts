import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue, OasVersion } from '../../src/types.ts';
import {
  genericRules,
  openapiRuleset,
  RULE_CRASHED,
  type Rule,
  runRules,
  summarize,
  validateDocument,
} from '../../src/validate/index.ts';
import { oas3, ok, swagger2 } from './fixtures.ts';

const brokenDoc = (): JsonObject =>
  swagger2({
    '/a/{id}': { get: { operationId: 'get a', responses: { '200': {} } } },
    '/b': { get: { operationId: 'get a', parameters: [{ $ref: '#/parameters/missing' }], responses: ok } },
  });

describe('validateDocument', () => {
  it('returns nothing for a clean document', () => {
    const doc = swagger2({ '/a': { get: { operationId: 'getA', responses: ok } } });
    expect(validateDocument(doc, { version: '2.0' })).toEqual([]);
  });

  it('runs the schema and the rules and sorts by severity, then pointer', () => {
    const findings = validateDocument(brokenDoc(), { version: '2.0' });
    const rules = findings.map((f) => f.rule);
    expect(rules).toContain('oas-schema');
    expect(rules).toContain('operation-operationId-unique');
    expect(rules).toContain('path-params-defined');
    expect(rules).toContain('ref-target-exists');
    expect(rules).toContain('operation-operationId-valid');
    const order = { error: 0, warning: 1, info: 2 };
    for (let i = 1; i < findings.length; i++) {
      const [a, b] = [findings[i - 1]!, findings[i]!];
      expect(order[a.severity] < order[b.severity] || (a.severity === b.severity && a.pointer <= b.pointer)).toBe(true);
    }
  });

  it('takes severities from the merged ruleset and skips rules that are off', () => {
    const findings = validateDocument(brokenDoc(), {
      version: '2.0',
      ruleset: { 'operation-operationId-unique': 'info', 'ref-target-exists': 'off', 'oas-schema': 'warning' },
    });
    expect(findings.find((f) => f.rule === 'operation-operationId-unique')?.severity).toBe('info');
    expect(findings.some((f) => f.rule === 'ref-target-exists')).toBe(false);
    expect(findings.filter((f) => f.rule === 'oas-schema').every((f) => f.severity === 'warning')).toBe(true);
  });

  it('skips the schema when structural is false', () => {
    const findings = validateDocument(brokenDoc(), { version: '2.0', structural: false });
    expect(findings.some((f) => f.rule === 'oas-schema')).toBe(false);
    expect(findings.some((f) => f.rule === 'path-params-defined')).toBe(true);
  });

  it('runs extra rules with the severity their ruleset gives them', () => {
    const extra: Rule = {
      id: 'pp-test-summary',
      description: 'every operation has a summary',
      check: ({ report }) => report({ message: 'no summary', pointer: '/paths' }),
    };
    const findings = validateDocument(swagger2(), {
      version: '2.0',
      rules: [extra],
      ruleset: { 'pp-test-summary': 'error' },
    });
    expect(findings).toEqual([
      { rule: 'pp-test-summary', severity: 'error', message: 'no summary', pointer: '/paths' },
    ]);
  });

  it('reports a rule that throws as rule-crashed and still runs the other rules', () => {
    const crashing: Rule = {
      id: 'pp-crash',
      description: 'throws',
      check: () => {
        throw new Error('boom');
      },
    };
    const findings = validateDocument(brokenDoc(), { version: '2.0', rules: [crashing] });
    const crash = findings.find((f) => f.rule === RULE_CRASHED);
    expect(crash?.message).toContain('pp-crash');
    expect(crash?.message).toContain('boom');
    expect(findings.some((f) => f.rule === 'operation-operationId-unique')).toBe(true);
  });

  it('skips rules that do not apply to the version', () => {
    const doc = oas3({
      '/a': {
        post: {
          parameters: [
            { name: 'a', in: 'body' },
            { name: 'b', in: 'body' },
          ],
          responses: ok,
        },
      },
    });
    const findings = validateDocument(doc, { version: '3.0', structural: false });
    expect(findings.some((f) => f.rule === 'one-body-parameter')).toBe(false);
  });

  it('fills line and column from the nearest located ancestor', () => {
    const positions: Record<string, { line: number; column: number }> = {
      '/paths/~1a~1{id}/get': { line: 4, column: 5 },
      '/paths/~1a~1{id}/get/responses/200': { line: 7, column: 9 },
    };
    const findings = validateDocument(brokenDoc(), { version: '2.0', locate: (p) => positions[p] });
    const missing = findings.find((f) => f.rule === 'path-params-defined');
    expect(missing).toMatchObject({ line: 4, column: 5 });
    const operationId = findings.find((f) => f.pointer === '/paths/~1a~1{id}/get/operationId');
    expect(operationId).toMatchObject({ line: 4, column: 5 });
  });

  it('does not repeat a broken $ref the resolver already reported', () => {
    const all = validateDocument(brokenDoc(), { version: '2.0' });
    expect(all.some((f) => f.rule === 'ref-target-exists')).toBe(true);
    for (const known of ['/paths/~1b/get/parameters/0', '/paths/~1b/get/parameters/0/$ref']) {
      const findings = validateDocument(brokenDoc(), { version: '2.0', knownBrokenRefs: [known] });
      expect(findings.some((f) => f.rule === 'ref-target-exists')).toBe(false);
    }
  });

  it('reports a non-required path parameter once, in the schema wording', () => {
    const parameters = [{ name: 'id', in: 'path', type: 'string' }];
    const doc = swagger2({ '/a/{id}': { get: { operationId: 'getA', parameters, responses: ok } } });
    const findings = validateDocument(doc, { version: '2.0' });
    expect(findings.map((f) => f.rule)).toEqual(['oas-schema']);
    const noSchema = validateDocument(doc, { version: '2.0', structural: false });
    expect(noSchema.map((f) => f.rule)).toEqual(['path-param-required']);
  });

  it('has a ruleset entry for every generic rule', () => {
    for (const rule of genericRules) expect(openapiRuleset[rule.id], rule.id).toBeDefined();
  });

  it('never throws and never crashes a rule on arbitrary JSON', () => {
    const value: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;
    const ref = fc.constantFrom('#/parameters/p', '#/components/parameters/p', '#/a', '#', 'x.json', '#/paths/~1a');
    const param = fc.oneof(
      value,
      fc.record({ $ref: ref }),
      fc.record(
        {
          name: fc.constantFrom('id', 'q', 1),
          in: fc.constantFrom('path', 'query', 'body', 'formData', 7),
          required: value,
        },
        { requiredKeys: [] },
      ),
    );
    const operation = fc.oneof(
      value,
      fc.record(
        {
          operationId: fc.oneof(fc.string(), value),
          parameters: fc.oneof(fc.array(param, { maxLength: 4 }), value),
          responses: value,
          security: value,
          servers: fc.oneof(
            fc.array(fc.record({ url: fc.oneof(fc.string(), value), variables: value }), { maxLength: 2 }),
            value,
          ),
        },
        { requiredKeys: [] },
      ),
    );
    const pathItem = fc.oneof(
      value,
      fc.record({ $ref: ref }),
      fc.record(
        { parameters: fc.oneof(fc.array(param), value), get: operation, post: operation },
        { requiredKeys: [] },
      ),
    );
    const doc = fc.record(
      {
        swagger: fc.constant('2.0'),
        openapi: fc.constantFrom('3.0.3', '3.1.0'),
        info: value,
        paths: fc.oneof(fc.dictionary(fc.constantFrom('/a/{id}', '/a/{x}', '/b?q', '/', 'c', '/d/'), pathItem), value),
        parameters: fc.oneof(fc.record({ p: param }), value),
        components: fc.oneof(fc.record({ parameters: fc.record({ p: param }), securitySchemes: value }), value),
        securityDefinitions: value,
        security: fc.oneof(fc.array(fc.dictionary(fc.string(), value)), value),
        servers: value,
      },
      { requiredKeys: [] },
    );
    const version = fc.constantFrom<OasVersion>('2.0', '3.0', '3.1');
    fc.assert(
      fc.property(doc, version, (d, v) => {
        const json = JSON.parse(JSON.stringify(d)) as JsonObject; // what a parser hands over: plain objects
        const findings = validateDocument(json, { version: v });
        expect(findings.filter((f) => f.rule === RULE_CRASHED)).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it('validates documents with keys that shadow Object.prototype methods (ajv uniqueItems throws on them)', () => {
    const doc = {
      ...swagger2(),
      ...JSON.parse('{"schemes":["https","https"],"security":[{},{"toString":""},{"valueOf":[]}]}'),
    };
    const findings = validateDocument(doc, { version: '2.0' });
    expect(findings.filter((f) => f.rule === RULE_CRASHED)).toEqual([]);
    const schema = findings.filter((f) => f.rule === 'oas-schema');
    expect(schema.map((f) => [f.pointer, f.message])).toEqual([
      ['/schemes', '"schemes" must not list the same item twice.'],
      ['/security/1/toString', '"toString" must be an array, not a string ("").'],
    ]);
  });

  it('runRules alone runs only the rules it is given', () => {
    const findings = runRules(brokenDoc(), {
      version: '2.0',
      rules: genericRules.filter((r) => r.id === 'path-params-defined'),
    });
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set(['path-params-defined']));
  });
});

describe('summarize', () => {
  it('splits findings by severity', () => {
    const findings = validateDocument(brokenDoc(), {
      version: '2.0',
      ruleset: { 'operation-operationId-present': 'info' },
    });
    const { errors, warnings, infos } = summarize(findings);
    expect(errors.length + warnings.length + infos.length).toBe(findings.length);
    expect(errors.every((f) => f.severity === 'error')).toBe(true);
    expect(warnings.map((f) => f.rule)).toContain('operation-operationId-valid');
    expect(infos).toEqual([]);
  });
});
