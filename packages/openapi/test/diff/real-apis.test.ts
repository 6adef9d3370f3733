/**
 * Real API evolution: consecutive published versions of public APIs, from npm packages that ship their
 * definitions (Directus' @directus/specs releases, and the GitHub Enterprise Server 3.17, 3.18 and 3.19
 * descriptions inside @octokit/openapi). Removed and added operations are checked against the raw documents.
 */
import { describe, expect, it } from 'vitest';
import { diffDefinitions } from '../../src/diff/index.ts';
import { countByKind, idsOf, packageJson, rawOperationIds } from './helpers.ts';

describe('Directus API releases (@directus/specs)', () => {
  it('11.2.0 → 12.0.0 removes the seven webhook operations and changes nothing else', () => {
    const before = packageJson('directus-specs-v11', 'dist/openapi.json');
    const after = packageJson('directus-specs-v12', 'dist/openapi.json');
    const result = diffDefinitions(before, after);
    expect(result.summary).toEqual({ breaking: 7, nonBreaking: 0, unknown: 0 });
    expect(idsOf(result.changes, 'operation-removed').sort()).toEqual([
      'createWebhook',
      'deleteWebhook',
      'deleteWebhooks',
      'getWebhook',
      'getWebhooks',
      'updateWebhook',
      'updateWebhooks',
    ]);
    const afterIds = rawOperationIds(after);
    expect([...rawOperationIds(before)].filter((id) => !afterIds.has(id)).sort()).toEqual(
      idsOf(result.changes, 'operation-removed').sort(),
    );
    expect(result.changes.find((change) => change.operationId === 'getWebhooks')).toMatchObject({
      method: 'GET',
      path: '/webhooks',
      oldPointer: '/paths/~1webhooks/get',
    });
  });

  it('14.0.0 → 15.0.0 removes the hash utilities', () => {
    const result = diffDefinitions(
      packageJson('directus-specs-v14', 'dist/openapi.json'),
      packageJson('directus-specs-v15', 'dist/openapi.json'),
    );
    expect(result.summary).toEqual({ breaking: 2, nonBreaking: 0, unknown: 0 });
    expect(result.changes.map(({ kind, method, path }) => ({ kind, method, path }))).toEqual([
      { kind: 'operation-removed', method: 'POST', path: '/utils/hash/generate' },
      { kind: 'operation-removed', method: 'POST', path: '/utils/hash/verify' },
    ]);
  });
});

describe('GitHub Enterprise Server releases (@octokit/openapi)', () => {
  const ghes = (version: string) => packageJson('@octokit/openapi', `generated/ghes-${version}.json`);

  it('3.17 → 3.18 only adds: 14 operations, the optional hide_secret parameter, new response properties', () => {
    const before = ghes('3.17');
    const after = ghes('3.18');
    const result = diffDefinitions(before, after);
    expect(result.summary).toEqual({ breaking: 0, nonBreaking: 69, unknown: 0 });
    expect(countByKind(result.changes)).toEqual({
      'operation-added': 14,
      'parameter-added-optional': 4,
      'request-property-added-optional': 1,
      'response-added': 1,
      'response-property-added': 49,
    });
    const beforeIds = rawOperationIds(before);
    expect(idsOf(result.changes, 'operation-added').sort()).toEqual(
      [...rawOperationIds(after)].filter((id) => !beforeIds.has(id)).sort(),
    );
    expect(idsOf(result.changes, 'operation-added')).toContain('secret-scanning/review-dismissal-request');
    const hideSecret = result.changes.filter((change) => change.message.includes('"hide_secret"'));
    expect(hideSecret.map((change) => change.operationId).sort()).toEqual([
      'secret-scanning/get-alert',
      'secret-scanning/list-alerts-for-enterprise',
      'secret-scanning/list-alerts-for-org',
      'secret-scanning/list-alerts-for-repo',
    ]);
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        kind: 'response-added',
        operationId: 'code-scanning/get-analysis',
        newPointer: '/paths/~1repos~1{owner}~1{repo}~1code-scanning~1analyses~1{analysis_id}/get/responses/422',
      }),
    );
  });

  it('3.18 → 3.19 only adds: 59 operations and new optional properties', () => {
    const before = ghes('3.18');
    const after = ghes('3.19');
    const result = diffDefinitions(before, after);
    expect(result.summary).toEqual({ breaking: 0, nonBreaking: 152, unknown: 0 });
    expect(countByKind(result.changes)).toEqual({
      'operation-added': 59,
      'request-property-added-optional': 20,
      'response-property-added': 73,
    });
    const beforeIds = rawOperationIds(before);
    expect(idsOf(result.changes, 'operation-added').sort()).toEqual(
      [...rawOperationIds(after)].filter((id) => !beforeIds.has(id)).sort(),
    );
    expect(result.changes).toContainEqual(
      expect.objectContaining({
        kind: 'request-property-added-optional',
        operationId: 'enterprise-admin/set-github-actions-permissions-enterprise',
        newPointer: expect.stringMatching(/\/properties\/sha_pinning_required$/),
      }),
    );
  });
});
