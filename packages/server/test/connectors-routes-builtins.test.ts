/** Loading built-in connector folders: good ones stored once, changed ones versioned, broken ones reported and skipped. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/config.ts';
import { loadBuiltInConnectors } from '../src/connectors/builtins.ts';
import { getBuiltInConnector, getConnectorVersion } from '../src/store/connectors.ts';
import { migrateOrThrow, openStore, type Store } from '../src/store/store.ts';
import { captureLogger, demoPackageTexts } from './helpers/connectors.ts';

let dir: string;
let store: Store;

function writePackage(name: string, files: Record<string, string>) {
  mkdirSync(path.join(dir, name), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, name, file), text);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portico-builtins-'));
  store = openStore(testConfig().database);
  await migrateOrThrow(store);
  const demo = demoPackageTexts();
  writePackage('good-one', {
    'apiDefinition.swagger.json': demo.apiDefinition,
    'apiProperties.json': demo.apiProperties,
  });
  writePackage('broken', { 'apiDefinition.swagger.json': '{ "swagger": "2.0", ' });
  writePackage('Bad_Name', { 'apiDefinition.swagger.json': demo.apiDefinition });
  mkdirSync(path.join(dir, 'not-a-package'));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('loadBuiltInConnectors', () => {
  it('stores good packages, reports broken ones in the log and leaves them out', async () => {
    const { logger, lines } = captureLogger();
    const report = await loadBuiltInConnectors(store, dir, logger);
    expect(report.created).toEqual(['good-one']);
    expect(report.failed.map((f) => f.name).sort()).toEqual(['Bad_Name', 'broken']);
    expect(report.failed.find((f) => f.name === 'broken')?.message).toMatch(/apiDefinition\.swagger\.json/);
    expect(lines.join('')).toMatch(/built-in connector \\?"broken\\?" was not loaded/);
    expect(await getBuiltInConnector(store.db, 'broken')).toBeUndefined();
  });

  it('leaves an unchanged package alone and stores a changed one as a new version', async () => {
    expect((await loadBuiltInConnectors(store, dir)).unchanged).toEqual(['good-one']);
    const definition = JSON.parse(demoPackageTexts().apiDefinition);
    definition.info.title = 'Changed title';
    writeFileSync(path.join(dir, 'good-one', 'apiDefinition.swagger.json'), JSON.stringify(definition));
    expect((await loadBuiltInConnectors(store, dir)).updated).toEqual(['good-one']);
    const connector = (await getBuiltInConnector(store.db, 'good-one'))!;
    const version = (await getConnectorVersion(store.db, connector.id))!;
    expect(version.version).toBe(2);
    expect((version.definition as { info: { title: string } }).info.title).toBe('Changed title');
  });

  it('loads nothing, with a warning, when the folder does not exist', async () => {
    const report = await loadBuiltInConnectors(store, path.join(dir, 'missing'));
    expect(report).toEqual({ created: [], updated: [], unchanged: [], failed: [] });
  });
});
