import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { exportConnector, MAX_DEFINITION_BYTES, MAX_OPERATIONS } from '../../src/powerplatform/index.ts';
import type { JsonObject } from '../../src/types.ts';
import { eachOperation } from '../../src/walk.ts';
import { checkPackage } from '../helpers/check-package.ts';

const require = createRequire(import.meta.url);
const githubPath = require.resolve('@octokit/openapi/generated/api.github.com.json');

describe("GitHub's REST API (OpenAPI 3.0.3, ~1,100 operations, 13 MB)", () => {
  it('exports with --split-by-tag --fix into importable packages that pass every independent check and stay within the limits', async () => {
    const document = JSON.parse(readFileSync(githubPath, 'utf8')) as JsonObject;
    const total = eachOperation(document).length;
    const stages = new Set<string>();
    const result = exportConnector(
      { document, version: '3.0' },
      { fix: true, splitByTag: true, onProgress: (stage) => stages.add(stage) },
    );
    expect(stages).toEqual(new Set(['convert', 'fix', 'package']));
    expect(result.importable).toBe(true);
    expect(result.packages.length).toBeGreaterThan(10);
    expect(result.packages.reduce((n, p) => n + p.report.stats.operations, 0)).toBe(total);
    const names = result.packages.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const pkg of result.packages) {
      expect(pkg.name).toMatch(/^[a-z0-9-]+$/);
      expect(pkg.report.stats.operations).toBeLessThanOrEqual(MAX_OPERATIONS);
      expect(pkg.report.stats.bytes).toBeLessThanOrEqual(MAX_DEFINITION_BYTES);
      expect(pkg.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
      expect(await checkPackage(pkg.files), pkg.name).toEqual([]);
    }
  }, 120_000);
});
