/** Small document builders and a rule runner shared by the validation tests. */

import type { Finding, JsonObject, OasVersion } from '../../src/types.ts';
import { runRules } from '../../src/validate/index.ts';
import type { Rule } from '../../src/validate/rule.ts';

/** A minimal valid Swagger 2.0 document with the given paths merged with `extra`. */
export function swagger2(paths: JsonObject = {}, extra: JsonObject = {}): JsonObject {
  return { swagger: '2.0', info: { title: 'Pets', version: '1.0' }, paths, ...extra };
}

/** A minimal valid OpenAPI 3.0 (or 3.1) document with the given paths merged with `extra`. */
export function oas3(paths: JsonObject = {}, extra: JsonObject = {}, openapi = '3.0.3'): JsonObject {
  return { openapi, info: { title: 'Pets', version: '1.0' }, paths, ...extra };
}

/** A 200 response in the shape of either family. */
export const ok: JsonObject = { '200': { description: 'OK' } };

/** Runs one rule alone (as an error) and returns its findings. */
export function check(rule: Rule, document: JsonObject, version: OasVersion = '2.0'): Finding[] {
  return runRules(document, { version, rules: [rule], ruleset: { [rule.id]: 'error' } });
}

/** The pointers of the findings, for compact assertions. */
export function pointers(findings: readonly Finding[]): string[] {
  return findings.map((f) => f.pointer);
}
