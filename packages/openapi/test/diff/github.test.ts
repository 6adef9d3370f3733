/**
 * GitHub's REST API description at GitHub scale (~1,200 operations, cyclic schemas): two consecutive major
 * releases of @octokit/openapi (22.0.0 → 23.0.0, installed side by side under aliases), and the current
 * description against its own conversions, which are not changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { convertDocument } from '../../src/convert/index.ts';
import { type DiffResult, diffDefinitions } from '../../src/diff/index.ts';
import { getAt } from '../../src/pointer.ts';
import type { JsonObject } from '../../src/types.ts';
import { countByKind, idsOf, packageJson, rawOperationIds } from './helpers.ts';

const API = 'generated/api.github.com.json';

describe('GitHub REST API 22.0.0 → 23.0.0', () => {
  let before: JsonObject;
  let after: JsonObject;
  let result: DiffResult;
  beforeAll(() => {
    before = packageJson('octokit-openapi-v22', API);
    after = packageJson('octokit-openapi-v23', API);
    result = diffDefinitions(before, after);
  });

  it('reports the 37 removed operations (team discussions, tag protection, Copilot metrics…) and no others', () => {
    const removed = idsOf(result.changes, 'operation-removed');
    expect(removed).toHaveLength(37);
    expect(removed).toEqual(
      expect.arrayContaining([
        'teams/list-discussions-in-org',
        'teams/create-discussion-legacy',
        'reactions/create-for-team-discussion-in-org',
        'repos/list-tag-protection',
        'repos/create-tag-protection',
        'repos/delete-tag-protection',
        'copilot/copilot-metrics-for-organization',
      ]),
    );
    const afterIds = rawOperationIds(after);
    expect([...rawOperationIds(before)].filter((id) => !afterIds.has(id)).sort()).toEqual([...removed].sort());
  });

  it('reports the Dependabot repository-access operations that moved from /organizations to /orgs', () => {
    const moved = result.changes.filter((change) => change.kind === 'operation-path-changed');
    expect(moved.map(({ operationId, path }) => ({ operationId, path }))).toEqual([
      { operationId: 'dependabot/repository-access-for-org', path: '/orgs/{org}/dependabot/repository-access' },
      {
        operationId: 'dependabot/update-repository-access-for-org',
        path: '/orgs/{org}/dependabot/repository-access',
      },
      {
        operationId: 'dependabot/set-repository-access-default-level',
        path: '/orgs/{org}/dependabot/repository-access/default-level',
      },
    ]);
    expect(moved[0]?.message).toContain('from /organizations/{org}/dependabot/repository-access');
    expect(moved.every((change) => change.breaking)).toBe(true);
  });

  it('reports the request property that became required, and the removed team_discussions permission', () => {
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        kind: 'request-property-became-required',
        breaking: true,
        operationId: 'code-security/detach-configuration',
        method: 'DELETE',
        newPointer:
          '/paths/~1orgs~1{org}~1code-security~1configurations~1detach/delete/requestBody/content/application~1json/schema/properties/selected_repository_ids',
      }),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        kind: 'response-property-removed',
        operationId: 'apps/get-installation',
        oldPointer: '/components/schemas/app-permissions/properties/team_discussions',
        newPointer: '/components/schemas/app-permissions',
      }),
    );
  });

  it('has the expected totals, and every pointer resolves in its document', () => {
    expect(result.summary).toEqual({ breaking: 152, nonBreaking: 1446, unknown: 28 });
    const kinds = countByKind(result.changes);
    expect(kinds['operation-added']).toBe(152);
    expect(kinds['response-property-removed']).toBe(11);
    expect(kinds['request-property-became-required']).toBe(11);
    for (const change of result.changes) {
      expect(getAt(before, change.oldPointer ?? ''), change.oldPointer).toBeDefined();
      expect(getAt(after, change.newPointer ?? ''), change.newPointer).toBeDefined();
    }
  });
});

describe('GitHub REST API against its own conversions', () => {
  let github: JsonObject;
  beforeAll(() => {
    github = packageJson('@octokit/openapi', API);
  });

  it('finds no change against its Swagger 2.0 conversion, and lists what 2.0 could not hold', () => {
    const converted = convertDocument(github, { to: '2.0' });
    const result = diffDefinitions(github, converted.document);
    expect(result.comparedAs).toBe('2.0');
    expect(result.changes).toEqual([]);
    expect(result.notCompared.old.map((loss) => loss.kind)).toEqual(converted.losses.map((loss) => loss.kind));
    expect(result.notCompared.old.map((loss) => loss.kind)).toContain('oneOf');
  });

  it('finds no change against its OpenAPI 3.1 conversion', () => {
    const result = diffDefinitions(github, convertDocument(github, { to: '3.1' }).document);
    expect(result.comparedAs).toBe('3.0');
    expect(result.changes).toEqual([]);
  });
});
