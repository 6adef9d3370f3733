import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../src/errors.ts';
import { classifyInput } from '../src/input/source.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portico-cli-source-'));
  await mkdir(join(dir, 'pkg'));
  await writeFile(join(dir, 'pkg', 'apiDefinition.swagger.json'), '{}');
  await writeFile(join(dir, 'pkg', 'apiProperties.json'), '{}');
  await mkdir(join(dir, 'half'));
  await writeFile(join(dir, 'half', 'apiDefinition.swagger.json'), '{}');
  await mkdir(join(dir, 'empty'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('input classification', () => {
  it('treats "-" as stdin, resolving relative refs against the working directory', async () => {
    const source = await classifyInput('-', dir);
    expect(source.kind).toBe('stdin');
    expect(new URL('common.yaml', source.uri).href).toBe(pathToFileURL(join(dir, 'common.yaml')).href);
  });

  it('keeps http(s) URLs as they are', async () => {
    expect(await classifyInput('https://example.com/openapi.json', dir)).toMatchObject({
      kind: 'url',
      uri: 'https://example.com/openapi.json',
    });
  });

  it('resolves a relative file path against the working directory, even when the file is missing', async () => {
    expect(await classifyInput('api.yaml', dir)).toEqual({
      kind: 'file',
      uri: pathToFileURL(join(dir, 'api.yaml')).href,
      display: 'api.yaml',
    });
  });

  it('recognises a connector package folder', async () => {
    expect(await classifyInput('pkg', dir)).toMatchObject({
      kind: 'package',
      dir: join(dir, 'pkg'),
      uri: pathToFileURL(join(dir, 'pkg', 'apiDefinition.swagger.json')).href,
    });
  });

  it('names the missing package file of a folder', async () => {
    await expect(classifyInput('half', dir)).rejects.toThrow(/apiProperties\.json is missing/);
    await expect(classifyInput('empty', dir)).rejects.toThrow(
      /apiDefinition\.swagger\.json and apiProperties\.json are missing/,
    );
    await expect(classifyInput('empty', dir)).rejects.toBeInstanceOf(CliError);
  });

  it('refuses other URL schemes', async () => {
    await expect(classifyInput('ftp://example.com/api.json', dir)).rejects.toThrow(/only files, http\(s\) URLs/);
  });
});

describe('file URL inputs', () => {
  it('accepts a file: URL, decoding escaped characters', async () => {
    const source = await classifyInput(pathToFileURL(join(dir, 'my api.yaml')).href, dir);
    expect(source).toMatchObject({ kind: 'file', uri: pathToFileURL(join(dir, 'my api.yaml')).href });
  });
});
