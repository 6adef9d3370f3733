import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { type ParsedDocument, parseDefinition } from '../../src/parse/index.ts';

const require = createRequire(import.meta.url);
const specPath = require.resolve('@octokit/openapi/generated/api.github.com.json');
const json = readFileSync(specPath, 'utf8');

/** 1-based line of the first line equal to `line` after the line starting with `after` (a naive reference). */
function lineOf(text: string, line: string, after?: string): number {
  const lines = text.split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.startsWith(after));
  return lines.indexOf(line, from) + 1;
}

function check(doc: ParsedDocument, expected: Array<[string, number]>) {
  for (const [pointer, line] of expected) {
    expect(line, pointer).toBeGreaterThan(0);
    expect(doc.locate(pointer)?.line, pointer).toBe(line);
  }
}

describe("GitHub's REST API definition (13 MB)", () => {
  it('parses as JSON and locates known pointers on the lines a text search finds', () => {
    const doc = parseDefinition(json, { uri: 'api.github.com.json' });
    expect(doc.format).toBe('json');
    expect(doc.value.openapi).toBe('3.0.3');
    check(doc, [
      ['/info/title', lineOf(json, '    "title": "GitHub\'s official OpenAPI spec + Octokit extension",')],
      ['/paths/~1repos~1{owner}~1{repo}', lineOf(json, '    "/repos/{owner}/{repo}": {')],
      ['/paths/~1repos~1{owner}~1{repo}/get', lineOf(json, '      "get": {', '    "/repos/{owner}/{repo}": {')],
      ['/components/schemas/repository', lineOf(json, '      "repository": {', '  "components": {')],
    ]);
    expect(doc.locate('/paths/~1repos~1{owner}~1{repo}/get')?.column).toBe(7);
  });

  it('parses a YAML dump of it and locates the same pointers', () => {
    const text = yaml.dump(JSON.parse(json), { noRefs: true });
    const doc = parseDefinition(text, { uri: 'api.github.com.yaml' });
    expect(doc.format).toBe('yaml');
    expect(Object.keys(doc.value.paths as object).length).toBe(Object.keys(JSON.parse(json).paths).length);
    check(doc, [
      ['/paths/~1repos~1{owner}~1{repo}', lineOf(text, '  /repos/{owner}/{repo}:')],
      ['/paths/~1repos~1{owner}~1{repo}/get', lineOf(text, '    get:', '  /repos/{owner}/{repo}:')],
      ['/components/schemas/repository', lineOf(text, '    repository:', 'components:')],
    ]);
  });
});
