import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ExportOptions, exportConnector, readConnectorPackage } from '../../src/powerplatform/index.ts';
import type { JsonObject, OasVersion } from '../../src/types.ts';
import { checkPackage } from '../helpers/check-package.ts';

const FIXTURES = new URL('../fixtures/export/', import.meta.url);
const cases = readdirSync(FIXTURES)
  .filter((name) => existsSync(new URL(`${name}/input.yaml`, FIXTURES)))
  .sort();
const update = process.env.UPDATE_GOLDEN === '1';

function versionOf(document: JsonObject): OasVersion {
  if (document.swagger === '2.0') return '2.0';
  return String(document.openapi).startsWith('3.1') ? '3.1' : '3.0';
}

describe('golden Power Platform exports (test/fixtures/export/<case>)', () => {
  it('has the cases this profile promises', () => {
    for (const name of [
      'auth-none',
      'auth-apikey-header',
      'auth-apikey-query',
      'auth-basic',
      'auth-bearer',
      'auth-oauth2-code',
      'auth-entra-id',
      'auth-client-credentials',
    ]) {
      expect(cases).toContain(name);
    }
  });

  it.each(cases)('%s matches its expected package files', async (name) => {
    const dir = new URL(`${name}/`, FIXTURES);
    const document = parse(readFileSync(new URL('input.yaml', dir), 'utf8')) as JsonObject;
    const optionsFile = new URL('options.json', dir);
    const options: ExportOptions = existsSync(optionsFile)
      ? JSON.parse(readFileSync(optionsFile, 'utf8'))
      : { fix: true };
    const result = exportConnector({ document, version: versionOf(document) }, options);
    expect(result.packages.length).toBeGreaterThan(0);
    const single = result.packages.length === 1 && !options.splitByTag;
    const expectedDir = new URL('expected/', dir);
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      mkdirSync(expectedDir, { recursive: true });
    }
    const expectedNames = new Set<string>();
    for (const pkg of result.packages) {
      const pkgDir = single ? expectedDir : new URL(`${pkg.name}/`, expectedDir);
      expectedNames.add(pkg.name);
      if (update) mkdirSync(pkgDir, { recursive: true });
      for (const [file, text] of Object.entries(pkg.files)) {
        const target = new URL(file, pkgDir);
        if (update) writeFileSync(target, text);
        expect(text, `${name}/${file}`).toBe(readFileSync(target, 'utf8'));
      }
      expect(await checkPackage(pkg.files), `${name}/${pkg.name}`).toEqual([]);
      const back = readConnectorPackage({
        apiDefinition: pkg.files['apiDefinition.swagger.json'],
        apiProperties: pkg.files['apiProperties.json'],
      });
      expect(back.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(back.normalizations).toEqual([]);
    }
    if (!single) expect(new Set(readdirSync(expectedDir))).toEqual(expectedNames);
  });
});
