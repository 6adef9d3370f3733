import { describe, expect, it } from 'vitest';
import { FIXTURES } from './helpers/fixtures.ts';
import { portico } from './helpers/io.ts';

describe('portico diff', () => {
  it('exits 0 and prints no changes for the same definition', async () => {
    const result = await portico(['diff', 'petstore.yaml', 'petstore.yaml', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ changes: [] });
  });

  it('exits 1 when a change breaks clients, and prints each change with kind, breaking and message', async () => {
    const result = await portico(['diff', 'petstore.yaml', 'invalid.yaml', '--json'], { cwd: FIXTURES });
    expect(result.code).toBe(1);
    const { changes } = JSON.parse(result.out) as { changes: Array<Record<string, unknown>> };
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      expect(typeof change.kind).toBe('string');
      expect(typeof change.breaking).toBe('boolean');
      expect(typeof change.message).toBe('string');
    }
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'operation-removed', breaking: true, operationId: 'getOwner', method: 'GET' }),
    );
  });

  it('groups changes for a person, breaking ones first', async () => {
    const result = await portico(['diff', 'petstore.yaml', 'invalid.yaml'], { cwd: FIXTURES });
    expect(result.out).toMatch(/^petstore\.yaml → invalid\.yaml: \d+ changes, \d+ breaking\n\nBreaking \(\d+\):/);
  });

  it('refuses stdin for both sides, and exits 2 for an unusable side', async () => {
    expect((await portico(['diff', '-', '-'], { cwd: FIXTURES, stdin: '{}' })).code).toBe(2);
    expect((await portico(['diff', 'petstore.yaml', 'malformed.json'], { cwd: FIXTURES })).code).toBe(2);
  });
});
