import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoaderError } from '../src/errors.ts';
import { createFileLoader } from '../src/loaders/file.ts';
import { createLoader, displayUri } from '../src/loaders/index.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portico-cli-file-'));
  await writeFile(join(dir, 'api.json'), '{"swagger":"2.0"}');
  await mkdir(join(dir, 'folder'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const url = (name: string) => pathToFileURL(join(dir, name)).href;

async function failure(promise: Promise<unknown>): Promise<LoaderError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoaderError);
  return error as LoaderError;
}

describe('file loader', () => {
  const load = createFileLoader();

  it('reads a file as bytes', async () => {
    const result = await load(url('api.json'));
    expect(new TextDecoder().decode(result.text as Uint8Array)).toBe('{"swagger":"2.0"}');
  });

  it('ignores the fragment of a $ref URI', async () => {
    const result = await load(`${url('api.json')}#/definitions/Pet`);
    expect(new TextDecoder().decode(result.text as Uint8Array)).toContain('swagger');
  });

  it('says a missing file was not found and names it', async () => {
    const error = await failure(load(url('nope.yaml')));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(join(dir, 'nope.yaml'));
  });

  it('explains that a folder is not a definition', async () => {
    const error = await failure(load(url('folder')));
    expect(error.code).toBe('is-directory');
    expect(error.message).toContain('apiDefinition.swagger.json');
  });

  it('refuses a file over the size limit', async () => {
    const error = await failure(createFileLoader({ maxBytes: 4 })(url('api.json')));
    expect(error.code).toBe('too-large');
  });
});

describe('combined loader', () => {
  it('serves in-memory documents before the disk', async () => {
    const memory = new Map([[url('stdin'), { text: 'openapi: 3.1.0' }]]);
    const load = createLoader({ memory });
    expect((await load(url('stdin'))).text).toBe('openapi: 3.1.0');
    expect(new TextDecoder().decode((await load(url('api.json'))).text as Uint8Array)).toContain('swagger');
  });

  it('refuses local files when told the root came from the network', async () => {
    const error = await failure(createLoader({ allowFiles: false })(url('api.json')));
    expect(error.code).toBe('file-from-remote');
  });

  it('refuses unknown schemes', async () => {
    const error = await failure(createLoader()('ftp://example.com/api.json'));
    expect(error.code).toBe('unsupported-scheme');
  });
});

describe('displayUri', () => {
  it('shows files below the working directory relative to it', () => {
    expect(displayUri(url('api.json'), dir)).toBe('api.json');
    expect(displayUri(url('api.json'), join(dir, 'folder'))).toBe(join(dir, 'api.json'));
    expect(displayUri('https://example.com/a.json', dir)).toBe('https://example.com/a.json');
  });
});
