/** Loads `<input>` into a resolved definition: read (file, URL, stdin, package), parse, resolve `$ref`s. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Finding,
  type JsonObject,
  type LoadedResource,
  type Loader,
  parseDefinition,
  type ResolvedDefinition,
  readConnectorPackage,
  resolveDefinition,
} from '../core.ts';
import { CliError } from '../errors.ts';
import { type CommandIo, readAll } from '../io.ts';
import { DEFAULT_MAX_BYTES } from '../loaders/file.ts';
import { createLoader } from '../loaders/index.ts';
import type { Progress } from '../output/progress.ts';
import { classifyInput, type InputSource, PACKAGE_PROPERTIES, PACKAGE_SETTINGS } from './source.ts';

/** A definition ready for validation, conversion or export. */
export interface LoadedInput {
  source: InputSource;
  resolved: ResolvedDefinition;
  /** `3.0.3`, `2.0`, `3.1.0`: the version the document declares. */
  version: string;
  /** Carried over from a connector package folder. */
  properties?: JsonObject;
  settings?: JsonObject;
  /** Findings about the input beyond the definition: a leniently read version, the package folder's other files. */
  inputFindings: Finding[];
}

/** Reads, parses and resolves `<input>`; bad input throws a CliError, LoaderError or the core's DefinitionError. */
export async function loadInput(input: string, io: CommandIo, progress: Progress): Promise<LoadedInput> {
  const source = await classifyInput(input, io.cwd);
  progress.stage('loading', source.display);
  const memory = new Map<string, LoadedResource>();
  if (source.kind === 'stdin') {
    const bytes = await readAll(io.stdin, DEFAULT_MAX_BYTES).catch((error: unknown) => {
      throw new CliError(`Cannot read the definition from stdin: ${(error as Error).message}.`);
    });
    if (bytes.byteLength === 0)
      throw new CliError('Nothing was read from stdin: pipe a JSON or YAML definition into "-".');
    memory.set(source.uri, { text: bytes, uri: source.uri });
  }
  const loader: Loader = createLoader({
    memory,
    allowFiles: source.kind !== 'url',
    ...(io.loader ? overrides(io.loader) : {}),
  });
  const root = await loader(source.uri);
  progress.stage('parsing');
  const parsed = parseDefinition(root.text, { uri: root.uri ?? source.uri });
  progress.stage('resolving');
  const resolved = await resolveDefinition(parsed, { loader });
  const loaded: LoadedInput = {
    source,
    resolved,
    version: resolved.version.version,
    inputFindings: versionNote(resolved),
  };
  if (source.kind === 'package') await attachPackage(loaded, source.dir, source.display, resolved);
  return loaded;
}

/** An info finding when the core read the version field leniently (e.g. `openapi: 3.2.0` read as 3.1). */
function versionNote(resolved: ResolvedDefinition): Finding[] {
  const { note, family } = resolved.version;
  if (!note) return [];
  const pointer = family === '2.0' ? '/swagger' : '/openapi';
  const at = resolved.locate(pointer);
  return [{ rule: 'version-read-leniently', severity: 'info', pointer, message: note, ...(at ?? {}) }];
}

/** The injected loader replaces both the file and the HTTP loader (stdin still comes from memory). */
function overrides(loader: Loader) {
  return { fileLoader: loader, httpLoader: loader };
}

/** Reads apiProperties.json (and settings.json) beside the definition and normalises them with the core. */
async function attachPackage(
  loaded: LoadedInput,
  dir: string,
  display: string,
  resolved: ResolvedDefinition,
): Promise<void> {
  const apiProperties = await readFile(join(dir, PACKAGE_PROPERTIES));
  const settings = await readFile(join(dir, PACKAGE_SETTINGS)).catch(() => undefined);
  const result = readConnectorPackage({
    apiDefinition: resolved.root.text,
    apiProperties,
    ...(settings !== undefined ? { settings } : {}),
  });
  const findings = result.findings.map((f) => (f.source ? { ...f, source: join(display, f.source) } : f));
  const unreadable = findings.find((f) => f.rule === 'pp-package-json' && f.severity === 'error');
  if (unreadable) {
    const where =
      unreadable.line !== undefined ? `${unreadable.source}:${unreadable.line}:${unreadable.column ?? 1}: ` : '';
    throw new CliError(`${where}${unreadable.message}${unreadable.fix ? ` ${unreadable.fix}` : ''}`);
  }
  loaded.properties = result.properties;
  if (result.settings) loaded.settings = result.settings;
  // The definition's own problems are found by validation; keep only the findings about the other files.
  loaded.inputFindings.push(...findings.filter((f) => f.rule !== 'pp-package-definition'));
}
