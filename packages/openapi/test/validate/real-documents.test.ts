import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/types.ts';
import { RULE_CRASHED, summarize, validateDocument, validateStructure } from '../../src/validate/index.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const corpus = process.env.PORTICO_CORPUS ?? `${repoRoot}../shared/corpus`;
const connectorsDir = `${corpus}/powerplatform/connectors`;

function readJson(file: string): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as JsonObject;
}

/**
 * Errors in certified connectors that are real bugs in those files: each names a security scheme in
 * `security` that `securityDefinitions` does not define (Jupyrest's is literally named "undefined").
 */
const KNOWN_CONNECTOR_ERRORS = [
  'Annature security-scheme-defined /security/0/partner_key',
  'Encodian security-scheme-defined /security/0/defaultAuth',
  'Jupyrest security-scheme-defined /security/0/undefined',
  'Scrive eSign security-scheme-defined /security/0/basic_auth',
];

describe('real documents', () => {
  it('finds no errors in the 64 Power Platform connectors beyond their known bugs', () => {
    const folders = readdirSync(connectorsDir).sort();
    expect(folders.length).toBe(64);
    const errors: string[] = [];
    for (const folder of folders) {
      const document = readJson(`${connectorsDir}/${folder}/apiDefinition.swagger.json`);
      const findings = validateDocument(document, { version: '2.0' });
      for (const f of summarize(findings).errors) errors.push(`${folder} ${f.rule} ${f.pointer}`);
    }
    expect(errors).toEqual(KNOWN_CONNECTOR_ERRORS);
  });

  it('validates GitHub REST API description (13 MB) against the 3.0 schema without structural findings', () => {
    const github = readJson(`${repoRoot}node_modules/@octokit/openapi/generated/api.github.com.json`);
    const findings = validateDocument(github, { version: '3.0' });
    expect(findings.filter((f) => f.rule === 'oas-schema' || f.rule === RULE_CRASHED)).toEqual([]);
    // GitHub really declares these pairs of paths that differ only in a template name.
    expect(summarize(findings).errors.map((f) => `${f.rule} ${f.pointer}`)).toEqual([
      'path-duplicate-templates /paths/~1orgs~1{org}~1attestations~1{subject_digest}',
      'path-duplicate-templates /paths/~1users~1{username}~1attestations~1{subject_digest}',
    ]);
    // Every 3.0 construct GitHub uses is also valid 3.1 structure, including its thousands of relative $refs.
    expect(validateStructure({ ...github, openapi: '3.1.0' }, '3.1')).toEqual([]);
  });
});
