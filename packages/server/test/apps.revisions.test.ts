/** Revisions: made only when the content changes, by refresh (conditional) or upload; listed and read with findings. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeDefinition, readDefinition } from '../src/apps/definition.ts';
import { ingestRevision } from '../src/apps/ingest.ts';
import { buildReport } from '../src/apps/report.ts';
import { listRevisionsWithStats } from '../src/store/app-revisions.ts';
import { getApp } from '../src/store/apps.ts';
import { errorCode, json } from './helpers/app.ts';
import { type AppsFixture, appsFixture, smallDocument, startUpstream, type Upstream } from './helpers/apps.ts';

// The analysis is counted (and still run) to show when a refresh skips it.
vi.mock('../src/apps/definition.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/apps/definition.ts')>();
  return { ...original, analyzeDefinition: vi.fn(original.analyzeDefinition) };
});
const analyses = () => vi.mocked(analyzeDefinition).mock.calls.length;

let f: AppsFixture;
let upstream: Upstream;

interface Change {
  id: string;
  changed: boolean;
  notModified?: boolean;
  definition: { id: string; number: number; contentHash: string; operations: number };
  fetch: { fetchedAt: string | null; error: string | null } | null;
}

interface RevisionBody {
  id: string;
  number: number;
  current: boolean;
  text?: string;
  report: {
    family: string;
    openapi: { errors: number; findings: Array<{ rule: string; pointer: string; line?: number }> };
    powerplatform: { findings: Array<{ rule: string; source?: string }> };
  };
}

const refresh = (app = 'upstream') =>
  f.t.app.inject({ method: 'POST', url: `/api/v1/apps/${app}/refresh`, headers: f.dev.auth });

beforeAll(async () => {
  f = await appsFixture();
  upstream = await startUpstream(JSON.stringify(smallDocument('Upstream', ['listThings'])));
  const res = await f.t.app.inject({
    method: 'POST',
    url: '/api/v1/apps',
    headers: f.dev.auth,
    payload: { name: 'upstream', definitionUrl: `${upstream.url}/doc` },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
});
afterAll(async () => {
  await upstream.close();
  await f.close();
});

describe('refresh', () => {
  it('asks conditionally and makes no revision when the server answers 304', async () => {
    const before = upstream.notModified();
    const res = await refresh();
    expect(res.statusCode).toBe(200);
    const body = json<Change>(res);
    expect(body).toMatchObject({ changed: false, notModified: true });
    expect(body.definition.number).toBe(1);
    expect(upstream.notModified()).toBe(before + 1);
  });

  it('makes no revision, and does not analyse the text again, when the content is the same although the ETag changed', async () => {
    upstream.set(JSON.stringify(smallDocument('Upstream', ['listThings'])));
    const before = analyses();
    const body = json<Change>(await refresh());
    expect(body.changed).toBe(false);
    expect(body.notModified).toBeUndefined();
    expect(body.definition.number).toBe(1);
    expect(body.fetch?.error).toBeNull();
    expect(analyses()).toBe(before);
  });

  it('makes revision 2 when the content changed, and audits it', async () => {
    upstream.set(JSON.stringify(smallDocument('Upstream', ['listThings', 'getThing'])));
    const body = json<Change>(await refresh());
    expect(body.changed).toBe(true);
    expect(body.definition.number).toBe(2);
    expect(body.definition.operations).toBe(2);
    const audit = await f.t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=app.revision.create',
      headers: f.admin.auth,
    });
    expect(json<{ items: unknown[] }>(audit).items).toHaveLength(2);
  });

  it('keeps the current revision when the source breaks, and shows the fetch error on the app', async () => {
    upstream.set('<!doctype html><html>Maintenance</html>', 'text/html');
    const res = await refresh();
    expect(res.statusCode).toBe(502);
    expect(errorCode(res)).toBe('definition_fetch_failed');
    const app = json<Change>(
      await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/upstream', headers: f.dev.auth }),
    );
    expect(app.definition.number).toBe(2);
    expect(app.fetch?.error).toContain('web page');
  });

  it('refuses to make a revision from a URL that now serves something that is not OpenAPI', async () => {
    upstream.set('just: yaml\n', 'application/yaml');
    const res = await refresh();
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('definition_invalid');
    upstream.set(JSON.stringify(smallDocument('Upstream', ['listThings', 'getThing'])));
    const back = json<Change>(await refresh());
    expect(back.changed).toBe(false);
    expect(back.fetch?.error).toBeNull();
  });

  it('refuses to refresh an app whose definition is uploaded', async () => {
    await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: f.dev.auth,
      payload: { name: 'uploaded', definition: JSON.stringify(smallDocument('Uploaded')) },
    });
    const res = await refresh('uploaded');
    expect(res.statusCode).toBe(409);
    expect(json<{ error: { message: string } }>(res).error.message).toContain('PUT /api/v1/apps/uploaded/definition');
  });
});

describe('upload', () => {
  it('makes a revision only when the uploaded content differs', async () => {
    const put = (text: string) =>
      f.t.app.inject({
        method: 'PUT',
        url: '/api/v1/apps/uploaded/definition',
        headers: f.dev.auth,
        payload: { definition: text, filename: 'uploaded.json' },
      });
    const before = analyses();
    const same = json<Change>(await put(JSON.stringify(smallDocument('Uploaded'))));
    expect(same.changed).toBe(false);
    expect(same.definition.number).toBe(1);
    // The current revision's own text is recognised by its hash and not analysed again.
    expect(analyses()).toBe(before);
    const yaml = 'openapi: 3.1.0\ninfo:\n  title: Uploaded\n  version: "2"\npaths: {}\n';
    const changed = json<Change>(await put(yaml));
    expect(changed.changed).toBe(true);
    expect(changed.definition.number).toBe(2);
    expect(analyses()).toBe(before + 1);
  });

  it('refuses, as a concurrent change, a text left unanalysed as current when another revision landed since', async () => {
    const record = await getApp(f.t.store.db, 'uploaded');
    if (!record) throw new Error('no app "uploaded"');
    const revisions = async () => (await listRevisionsWithStats(f.t.store.db, record.id)).length;
    const count = await revisions();
    // What apps/service.ts passes when the text was the current revision's a moment before the transaction.
    const stale = f.t.store.transaction((trx) =>
      ingestRevision(trx, { user: f.dev.user }, record, {
        text: 'openapi: 3.1.0\ninfo: {title: Elsewhere, version: "1"}\npaths: {}\n',
        contentHash: 'sha256:the-revision-that-was-current',
        source: { kind: 'upload' },
      }),
    );
    await expect(stale).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('try again') });
    expect(await revisions()).toBe(count);
  });

  it('switches a URL app to uploads', async () => {
    const res = await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/upstream/definition',
      headers: f.dev.auth,
      payload: { definition: JSON.stringify(smallDocument('Local copy')) },
    });
    expect(res.statusCode).toBe(200);
    expect(json<{ source: { kind: string } }>(res).source).toEqual({ kind: 'upload' });
    expect(json<Change>(res).definition.number).toBe(3);
  });

  it('refuses a malformed upload and keeps the current revision', async () => {
    const res = await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/uploaded/definition',
      headers: f.dev.auth,
      payload: { definition: '{"openapi": "3.0.3", "info": ' },
    });
    expect(res.statusCode).toBe(422);
    expect(errorCode(res)).toBe('definition_invalid');
    const list = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/uploaded/revisions', headers: f.dev.auth });
    expect(json<{ items: unknown[] }>(list).items).toHaveLength(2);
  });
});

describe('reading revisions', () => {
  it('lists revisions newest first, marking the current one', async () => {
    const res = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/upstream/revisions', headers: f.dev.auth });
    const items = json<{ items: Array<{ number: number; current: boolean; source: { kind: string } }> }>(res).items;
    expect(items.map((r) => [r.number, r.current, r.source.kind])).toEqual([
      [3, true, 'upload'],
      [2, false, 'url'],
      [1, false, 'url'],
    ]);
  });

  it('returns one revision by number or id with the findings of both profiles', async () => {
    const bad = {
      openapi: '3.0.3',
      info: { title: 'Findings', version: '1' },
      paths: { '/items/{id}': { get: { responses: { '200': { description: 'OK' } } } } },
    };
    await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: f.dev.auth,
      payload: { name: 'findings', definition: JSON.stringify(bad, null, 2) },
    });
    const byNumber = json<RevisionBody>(
      await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/findings/revisions/1', headers: f.dev.auth }),
    );
    expect(byNumber.current).toBe(true);
    expect(byNumber.text).toBeUndefined();
    const openapiRules = byNumber.report.openapi.findings.map((x) => x.rule);
    expect(openapiRules.length).toBeGreaterThan(0);
    const located = byNumber.report.openapi.findings.find((x) => x.pointer.startsWith('/paths'));
    expect(located?.line).toBeGreaterThan(1);
    const ppRules = byNumber.report.powerplatform.findings.map((x) => x.rule);
    expect(ppRules).toContain('pp-operation-id-required');
    const byId = json<RevisionBody>(
      await f.t.app.inject({
        method: 'GET',
        url: `/api/v1/apps/findings/revisions/${byNumber.id}?text=true`,
        headers: f.dev.auth,
      }),
    );
    expect(byId.number).toBe(1);
    expect(JSON.parse(byId.text ?? '')).toEqual(bad);
  });

  it('answers revision_not_found for unknown numbers and for revisions of other apps', async () => {
    const missing = await f.t.app.inject({
      method: 'GET',
      url: '/api/v1/apps/findings/revisions/9',
      headers: f.dev.auth,
    });
    expect(errorCode(missing)).toBe('revision_not_found');
    const other = json<RevisionBody>(
      await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/upstream/revisions/1', headers: f.dev.auth }),
    );
    const cross = await f.t.app.inject({
      method: 'GET',
      url: `/api/v1/apps/findings/revisions/${other.id}`,
      headers: f.dev.auth,
    });
    expect(cross.statusCode).toBe(404);
  });
});

describe('report size', () => {
  it('keeps at most the maximum of findings per profile, errors first, with exact counts', async () => {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 6; i++) paths[`/p${i}`] = { get: { responses: { '200': { description: 'OK' } } } };
    const document = { swagger: '2.0', info: { title: 'Many', version: '1' }, paths };
    const read = await readDefinition(JSON.stringify(document), { uri: 'many.json', maxBytes: 1e6 });
    const full = buildReport(read);
    const capped = buildReport({ ...read, maxFindings: 3 });
    const total = full.powerplatform.findings.length;
    expect(total).toBeGreaterThan(3);
    expect(capped.powerplatform.findings).toHaveLength(3);
    expect(capped.powerplatform.omitted).toBe(total - 3);
    expect(capped.powerplatform.errors).toBe(full.powerplatform.errors);
    const keptErrors = capped.powerplatform.findings.filter((x) => x.severity === 'error').length;
    expect(keptErrors).toBe(Math.min(3, full.powerplatform.errors));
    expect(full.powerplatform.omitted).toBeUndefined();
  });
});
