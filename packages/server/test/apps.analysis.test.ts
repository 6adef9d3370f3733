/**
 * Definition analysis off the event loop (apps/analysis.ts): the worker gives exactly what the inline analysis
 * gives (report, diff, export, operation ids, errors with their place), survives a text that exhausts its heap,
 * takes only large texts, and lets the server go on serving while it works, connector update plans included.
 */
import yaml from 'js-yaml';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer, type DefinitionAnalyzer, WORKER_MIN_CHARS } from '../src/apps/analysis.ts';
import type { AnalysisRequest } from '../src/apps/analysis-run.ts';
import { contentHash } from '../src/apps/definition.ts';
import { getRevisionDiff } from '../src/changes/store.ts';
import type { PorticoError } from '../src/errors.ts';
import { json } from './helpers/app.ts';
import { type AppsFixture, appsFixture, largeDocument, smallDocument } from './helpers/apps.ts';

function request(text: string, previous?: { text: string; id: string }): AnalysisRequest {
  return {
    text,
    uri: 'doc.json',
    maxBytes: 50 * 1024 * 1024,
    ...(previous
      ? { previous: { id: previous.id, number: 1, text: previous.text, contentHash: contentHash(previous.text) } }
      : {}),
  };
}

async function rejection(promise: Promise<unknown>): Promise<PorticoError> {
  try {
    await promise;
  } catch (error) {
    return error as PorticoError;
  }
  throw new Error('expected the analysis to fail');
}

describe('the analysis worker', () => {
  // Every text goes to the worker here, small ones included.
  let worker: DefinitionAnalyzer;
  const inline = createAnalyzer('inline');
  beforeAll(() => {
    worker = createAnalyzer('worker', { workerMinChars: 0 });
  });
  afterAll(async () => {
    await worker.close();
  });

  it('answers what the inline analysis answers, the diff against the previous revision included', async () => {
    const before = JSON.stringify(smallDocument('Things', ['listThings', 'getThing', 'deleteThing']));
    const after = JSON.stringify(smallDocument('Things', ['listThings', 'getThing']));
    const onWorker = await worker.analyze(request(after, { text: before, id: 'rev_1' }));
    const onThread = await inline.analyze(request(after, { text: before, id: 'rev_1' }));
    expect(onWorker).toEqual(onThread);
    expect(onWorker.contentHash).toBe(contentHash(after));
    expect(onWorker.diff?.previousRevisionId).toBe('rev_1');
    expect(onWorker.diff?.changes).toContainEqual(
      expect.objectContaining({ kind: 'operation-removed', operationId: 'deleteThing', breaking: true }),
    );
    expect(worker.stats()).toMatchObject({ onWorker: 1, workerStarts: 1 });
  });

  it('makes no diff when the text equals the previous revision', async () => {
    const text = JSON.stringify(smallDocument('Same'));
    const analysis = await worker.analyze(request(text, { text, id: 'rev_1' }));
    expect(analysis.diff).toBeUndefined();
    expect(analysis.diffError).toBeUndefined();
  });

  it('rebuilds definition_invalid with the place, as inline', async () => {
    const text = '{\n  "openapi": "3.0.3",\n  "info": {\n}';
    const fromWorker = await rejection(worker.analyze(request(text)));
    const fromThread = await rejection(inline.analyze(request(text)));
    expect(fromWorker.name).toBe('PorticoError');
    expect(fromWorker.code).toBe('definition_invalid');
    expect(fromWorker.message).toBe(fromThread.message);
    expect(fromWorker.details).toEqual(fromThread.details);
    expect(fromWorker.details).toMatchObject({ uri: 'doc.json', line: expect.any(Number) });
  });

  it('exports what the inline export exports, with the base URL as host', async () => {
    const text = JSON.stringify(smallDocument('Things', ['listThings', 'getThing']));
    const task = {
      text,
      uri: 'things revision 1',
      baseUrl: 'https://things.example.com/api',
      options: { fix: true, splitByTag: true },
    };
    const fromWorker = await worker.exportPackage(task);
    expect(fromWorker).toEqual(await inline.exportPackage(task));
    expect(fromWorker.packages.map((p) => p.name).sort()).toEqual(['lists', 'other']);
    const definition = JSON.parse(fromWorker.packages[0]!.files['apiDefinition.swagger.json']) as Record<
      string,
      unknown
    >;
    expect(definition).toMatchObject({ swagger: '2.0', host: 'things.example.com', basePath: '/api' });
    expect(worker.stats().exports).toBe(1);
  });

  it('counts the revision an analysis diffs against in the size that sends it to the worker', async () => {
    const sized = createAnalyzer('worker', { workerMinChars: 5000 });
    try {
      const small = JSON.stringify(smallDocument('Small'));
      const large = JSON.stringify(largeDocument('Large', 20));
      expect(small.length).toBeLessThan(5000);
      expect(large.length).toBeGreaterThan(5000);
      await sized.analyze(request(small));
      expect(sized.stats().onWorker).toBe(0);
      const shrunk = await sized.analyze(request(small, { text: large, id: 'rev_1' }));
      expect(sized.stats().onWorker).toBe(1);
      expect(shrunk.diff?.summary.breaking).toBeGreaterThan(0);
    } finally {
      await sized.close();
    }
  });

  it('diffs two revisions and lists operation ids as inline does, counting both texts for the worker', async () => {
    const before = JSON.stringify(smallDocument('Things', ['listThings', 'getThing', 'deleteThing']));
    const after = JSON.stringify(smallDocument('Things', ['listThings', 'getThing']));
    const task = { text: after, uri: 'things revision 2', from: { text: before, uri: 'things revision 1' } };
    const diff = await worker.diff(task);
    expect(diff).toEqual(await inline.diff(task));
    expect(diff.summary.breaking).toBe(1);
    expect(diff.changes[0]).toMatchObject({ kind: 'operation-removed', operationId: 'deleteThing', breaking: true });
    const operations = await worker.operations({ text: before, uri: 'things revision 1' });
    expect(operations).toEqual(await inline.operations({ text: before, uri: 'things revision 1' }));
    expect(operations).toEqual({
      '/paths/~1listthings/get': 'listThings',
      '/paths/~1getthing/get': 'getThing',
      '/paths/~1deletething/get': 'deleteThing',
    });
    expect(worker.stats()).toMatchObject({ diffs: 1, operations: 1 });

    const sized = createAnalyzer('worker', { workerMinChars: 5000 });
    try {
      const large = JSON.stringify(largeDocument('Large', 20));
      await sized.diff({ text: after, uri: 'small', from: { text: before, uri: 'small' } });
      expect(sized.stats().onWorker).toBe(0);
      // Shrunk from a large revision: the large one is read too, so the worker takes it.
      await sized.diff({ text: after, uri: 'small', from: { text: large, uri: 'large' } });
      expect(sized.stats().onWorker).toBe(1);
    } finally {
      await sized.close();
    }
  });

  it('rebuilds definition_invalid of a diff with the revision named', async () => {
    const good = JSON.stringify(smallDocument('Things'));
    const error = await rejection(
      worker.diff({ text: good, uri: 'things revision 2', from: { text: '{"openapi": ', uri: 'things revision 1' } }),
    );
    expect(error.code).toBe('definition_invalid');
    expect(error.details).toMatchObject({ uri: 'things revision 1' });
  });

  it('answers analyses sent together, each with its own result', async () => {
    const texts = ['A', 'B', 'C'].map((title) => JSON.stringify(smallDocument(title)));
    const results = await Promise.all(texts.map((text) => worker.analyze(request(text))));
    expect(results.map((r) => r.contentHash)).toEqual(texts.map(contentHash));
  });
});

describe('a text that exhausts the worker heap', () => {
  it('fails with definition_invalid naming the limit, and the next analysis gets a new worker', async () => {
    const small = createAnalyzer('worker', { workerMinChars: 0, heapMb: 32 });
    try {
      const huge = JSON.stringify(largeDocument('Huge', 20_000));
      const error = await rejection(small.analyze({ ...request(huge), uri: 'huge.json' }));
      expect(error.code).toBe('definition_invalid');
      expect(error.message).toContain('huge.json needs more than the 32 MB');
      expect(error.details).toEqual({ reason: 'too-large', uri: 'huge.json' });
      const next = await small.analyze(request(JSON.stringify(smallDocument('After'))));
      expect(next.version.family).toBe('3.0');
      expect(small.stats().workerStarts).toBe(2);
    } finally {
      await small.close();
    }
  });
});

describe('the server', () => {
  let f: AppsFixture;
  beforeAll(async () => {
    f = await appsFixture();
  });
  afterAll(async () => {
    await f.close();
  });

  it('analyses small definitions on its own thread and large ones on the worker', async () => {
    expect(f.t.app.analyzer.mode).toBe('worker');
    const small = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: f.dev.auth,
      payload: { name: 'small', definition: JSON.stringify(smallDocument('Small')) },
    });
    expect(small.statusCode).toBe(201);
    expect(f.t.app.analyzer.stats()).toMatchObject({ analyses: 1, onWorker: 0 });

    const text = JSON.stringify(largeDocument('Large', 1200));
    expect(text.length).toBeGreaterThan(WORKER_MIN_CHARS);
    const large = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: f.dev.auth,
      payload: { name: 'large', definition: text },
    });
    expect(large.statusCode).toBe(201);
    expect(f.t.app.analyzer.stats()).toMatchObject({ analyses: 2, onWorker: 1 });
  });

  it('stores the diff made on the worker with the revision, and goes on serving during the analysis', async () => {
    // Operation 7 removed: a breaking change.
    const text = JSON.stringify(largeDocument('Large', 1200, (i) => i === 7));
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const upload = await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/large/definition',
      headers: f.dev.auth,
      payload: { definition: text, filename: 'large.json' },
    });
    counting = false;
    expect(upload.statusCode).toBe(200);
    const change = json<{ changed: boolean; definition: { id: string; number: number } }>(upload);
    expect(change).toMatchObject({ changed: true, definition: { number: 2 } });
    expect(f.t.app.analyzer.stats().onWorker).toBe(2);
    // While the worker read, validated and diffed ~400 KB twice, the event loop went round freely; analysed
    // inline, the same work runs in a few long synchronous stretches.
    expect(turns).toBeGreaterThan(100);

    const stored = await getRevisionDiff(f.t.store.db, change.definition.id);
    expect(stored?.changes).toContainEqual(
      expect.objectContaining({ kind: 'operation-removed', operationId: 'getThing7', breaking: true }),
    );
    const diff = await f.t.app.inject({
      method: 'GET',
      url: '/api/v1/apps/large/revisions/2/diff',
      headers: f.dev.auth,
    });
    expect(json<{ summary: { breaking: number } }>(diff).summary.breaking).toBe(1);
  });

  it('exports a large definition on the worker: the report and the zip', async () => {
    const before = f.t.app.analyzer.stats();
    const report = await f.t.app.inject({
      method: 'GET',
      url: '/api/v1/apps/large/export/report',
      headers: f.dev.auth,
    });
    expect(report.statusCode).toBe(200);
    const body = json<{
      revision: { number: number };
      importable: boolean;
      packages: Array<{ stats: { operations: number } }>;
    }>(report);
    expect(body.revision.number).toBe(2);
    expect(body.packages.reduce((n, p) => n + p.stats.operations, 0)).toBe(1199);
    expect(f.t.app.analyzer.stats()).toMatchObject({ exports: before.exports + 1, onWorker: before.onWorker + 1 });
    // The same export again comes from the cache of exports.
    const zip = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/large/export', headers: f.dev.auth });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(f.t.app.analyzer.stats().exports).toBe(before.exports + 1);
  });

  it('hosts a large definition serialized on the worker, once per format, with 304 for a known ETag', async () => {
    const before = f.t.app.analyzer.stats();
    const asJson = await f.t.app.inject({ method: 'GET', url: '/apps/large/definition.json' });
    expect(asJson.statusCode).toBe(200);
    const asYaml = await f.t.app.inject({ method: 'GET', url: '/apps/large/definition.yaml' });
    expect(asYaml.statusCode).toBe(200);
    expect(asYaml.headers['content-type']).toBe('application/yaml; charset=utf-8');
    expect(yaml.load(asYaml.body)).toEqual(JSON.parse(asJson.body));
    expect(JSON.parse(asJson.body)).toEqual(largeDocument('Large', 1200, (i) => i === 7));
    expect(f.t.app.analyzer.stats()).toMatchObject({ hosted: before.hosted + 2, onWorker: before.onWorker + 2 });
    const again = await f.t.app.inject({ method: 'GET', url: '/apps/large/definition.yaml' });
    expect(again.body).toBe(asYaml.body);
    const unchanged = await f.t.app.inject({
      method: 'GET',
      url: '/apps/large/definition.json',
      headers: { 'if-none-match': asJson.headers.etag as string },
    });
    expect(unchanged.statusCode).toBe(304);
    expect(f.t.app.analyzer.stats().hosted).toBe(before.hosted + 2);
  });

  it('plans the update of a connector linked to a large app on the worker: export, diff and impact', async () => {
    const doc = largeDocument('Linked', 40);
    // Padding that the export carries along: the text is large, the connector stays within Power Platform's limits.
    const padded = (d: Record<string, unknown>) => JSON.stringify({ ...d, 'x-padding': 'p'.repeat(WORKER_MIN_CHARS) });
    const created = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps',
      headers: f.dev.auth,
      payload: { name: 'linked', definition: padded(doc) },
    });
    expect(created.statusCode, created.body).toBe(201);
    const exported = await f.t.app.inject({
      method: 'POST',
      url: '/api/v1/apps/linked/export',
      headers: f.dev.auth,
      payload: { environment: 'default', connectorName: 'linked' },
    });
    expect(exported.statusCode, exported.body).toBe(201);
    const changed = await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/linked/definition',
      headers: f.dev.auth,
      payload: { definition: padded(largeDocument('Linked', 40, (i) => i === 7)), filename: 'linked.json' },
    });
    expect(changed.statusCode, changed.body).toBe(200);

    const plan = async () => {
      const res = await f.t.app.inject({
        method: 'GET',
        url: '/api/v1/environments/default/connectors/linked/update',
        headers: f.dev.auth,
      });
      expect(res.statusCode, res.body).toBe(200);
      return json<{ updateAvailable: boolean; breakingChanges: string[] }>(res);
    };
    const before = f.t.app.analyzer.stats();
    const update = await plan();
    expect(update.updateAvailable).toBe(true);
    expect(update.breakingChanges.join(' ')).toContain('getThing7');
    // The new revision's export and the base revision's operations, on the worker (its diff was stored with it).
    const after = f.t.app.analyzer.stats();
    expect(after.exports).toBeGreaterThan(before.exports);
    expect(after.operations).toBe(before.operations + 1);
    expect(after.diffs).toBe(before.diffs);
    expect(after.onWorker - before.onWorker).toBe(after.exports - before.exports + 1);

    // A revision stored without its diff: the plan diffs the two revisions on the worker.
    await sql`DELETE FROM revision_diffs`.execute(f.t.store.db);
    expect((await plan()).breakingChanges.join(' ')).toContain('getThing7');
    expect(f.t.app.analyzer.stats().diffs).toBe(after.diffs + 1);
    expect(f.t.app.analyzer.stats().onWorker).toBeGreaterThan(after.onWorker);
  });

  it('exports the base of a hand edit of a linked connector before the save transaction opens', async () => {
    const fresh = await appsFixture();
    const store = fresh.t.store;
    const analyzer = fresh.t.app.analyzer;
    const transaction = store.transaction;
    const exportPackage = analyzer.exportPackage;
    let open = 0;
    const exportsMade: boolean[] = [];
    try {
      const padded = JSON.stringify({ ...largeDocument('Edited', 30), 'x-padding': 'p'.repeat(WORKER_MIN_CHARS) });
      const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
        fresh.t.app.inject({ method, url, headers: fresh.dev.auth, ...(payload ? { payload } : {}) });
      expect((await call('POST', '/api/v1/apps', { name: 'edited', definition: padded })).statusCode).toBe(201);
      const exported = await call('POST', '/api/v1/apps/edited/export', {
        environment: 'default',
        connectorName: 'edited',
      });
      expect(exported.statusCode, exported.body).toBe(201);
      const connector = '/api/v1/environments/default/connectors/edited';
      const file = async (name: string) => (await call('GET', `${connector}/download?file=${name}`)).body;
      const definition = JSON.parse(await file('apiDefinition.swagger.json')) as {
        paths: Record<string, Record<string, { summary?: string }>>;
      };
      definition.paths['/things3/{id}']!.get!.summary = 'Get the third thing';
      const properties = await file('apiProperties.json');

      store.transaction = (fn) => {
        open++;
        return transaction(fn).finally(() => {
          open--;
        });
      };
      analyzer.exportPackage = (request) => {
        exportsMade.push(open > 0);
        return exportPackage(request);
      };
      const put = await call('PUT', connector, {
        apiDefinition: JSON.stringify(definition),
        apiProperties: properties,
      });
      expect(put.statusCode, put.body).toBe(200);
      // The base (revision 1 exported) was made once, outside the transaction that stored version 2.
      expect(exportsMade).toEqual([false]);
      const overlay = json<{ actions: unknown[] }>(await call('GET', `${connector}/overlay`));
      expect(overlay.actions).toEqual([
        { target: "$['paths']['/things3/{id}']['get']", update: { summary: 'Get the third thing' } },
      ]);
    } finally {
      store.transaction = transaction;
      analyzer.exportPackage = exportPackage;
      await fresh.close();
    }
  });

  it('refuses a malformed large upload from the worker with the place, keeping the current revision', async () => {
    const text = `${JSON.stringify(largeDocument('Large', 1200)).slice(0, -1)},`;
    const res = await f.t.app.inject({
      method: 'PUT',
      url: '/api/v1/apps/large/definition',
      headers: f.dev.auth,
      payload: { definition: text, filename: 'broken.json' },
    });
    expect(res.statusCode).toBe(422);
    const error = json<{ error: { code: string; message: string; details: { uri: string; line: number } } }>(res).error;
    expect(error.code).toBe('definition_invalid');
    expect(error.details).toMatchObject({ uri: 'broken.json', line: 1 });
    const list = await f.t.app.inject({ method: 'GET', url: '/api/v1/apps/large/revisions', headers: f.dev.auth });
    expect(json<{ items: unknown[] }>(list).items).toHaveLength(2);
  });
});
