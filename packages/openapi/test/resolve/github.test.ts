import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../src/parse/index.ts';
import { resolveDefinition } from '../../src/resolve/index.ts';

const require = createRequire(import.meta.url);
const text = readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8');

describe("resolving GitHub's REST API definition", () => {
  it('checks its internal refs, finds none broken and returns the document as parsed', async () => {
    const root = parseDefinition(text, { uri: 'file:///specs/api.github.com.json' });
    const resolved = await resolveDefinition(root, {});
    expect(resolved.findings).toEqual([]);
    expect(resolved.document).toBe(root.value);
    expect(resolved.version.family).toBe('3.0');
    expect(resolved.documents.size).toBe(1);
  });

  it('reports a ref broken on purpose at its line', async () => {
    const broken = text.replace('"#/components/schemas/repository"', '"#/components/schemas/no-such-schema"');
    const root = parseDefinition(broken, { uri: 'file:///specs/api.github.com.json' });
    const resolved = await resolveDefinition(root, {});
    expect(resolved.findings).toHaveLength(1);
    const finding = resolved.findings[0];
    const line = broken.slice(0, broken.indexOf('no-such-schema')).split('\n').length;
    expect(finding?.line).toBe(line);
    expect(finding?.pointer.endsWith('/$ref')).toBe(true);
  });
});
