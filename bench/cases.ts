/** The benchmark cases: Portico's stages and the reference libraries, each a setup (untimed) and a run (timed). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import jsYaml from 'js-yaml';
import YAML from 'yaml';
import { buildExport } from '../packages/cli/src/commands/export.ts';
import { convertDocument, parseDefinition, resolveDefinition, validateDocument } from '../packages/cli/src/core.ts';
import type { CommandIo } from '../packages/cli/src/io.ts';
import { createLoader } from '../packages/cli/src/loaders/index.ts';

const require = createRequire(import.meta.url);

export interface Inputs {
  jsonPath: string;
  yamlPath: string;
  jsonText: string;
  yamlText: string;
  jsonUri: string;
  yamlUri: string;
}

export interface BenchCase {
  id: string;
  label: string;
  /** Who does the work: Portico, or the reference it is compared with. */
  kind: 'portico' | 'reference';
  /** True for cases that take seconds: they run fewer times by default. */
  slow?: boolean;
  /** Prepares one run's input (not timed); runs before every timed call. */
  setup?(inputs: Inputs): Promise<unknown> | unknown;
  run(inputs: Inputs, prepared: unknown): Promise<unknown> | unknown;
}

const loader = createLoader();

/** The command io of a run with no terminal: nothing is printed, files are read from disk. */
const benchIo: CommandIo = {
  stdout: { write: () => true },
  stderr: { write: () => true },
  stdin: (async function* () {})(),
  env: {},
  cwd: process.cwd(),
  setExitCode: () => {},
};

async function resolvedGithub(inputs: Inputs) {
  const parsed = parseDefinition(inputs.jsonText, { uri: inputs.jsonUri });
  return resolveDefinition(parsed, { loader });
}

type Resolved = Awaited<ReturnType<typeof resolvedGithub>>;

export const CASES: BenchCase[] = [
  {
    id: 'portico-parse-json',
    label: 'Portico parse (JSON)',
    kind: 'portico',
    run: (inputs) => parseDefinition(inputs.jsonText, { uri: inputs.jsonUri }),
  },
  {
    id: 'portico-parse-yaml',
    label: 'Portico parse (YAML)',
    kind: 'portico',
    slow: true,
    run: (inputs) => parseDefinition(inputs.yamlText, { uri: inputs.yamlUri }),
  },
  {
    id: 'portico-validate',
    label: 'Portico validate (resolved document)',
    kind: 'portico',
    setup: resolvedGithub,
    run: (_inputs, prepared) => {
      const resolved = prepared as Resolved;
      return validateDocument(resolved.document, { version: resolved.version.family, locate: resolved.locate });
    },
  },
  {
    id: 'portico-convert',
    label: 'Portico convert 3.0 → 2.0 (resolved document)',
    kind: 'portico',
    setup: resolvedGithub,
    run: (_inputs, prepared) => convertDocument((prepared as Resolved).document, { to: '2.0', from: '3.0' }),
  },
  {
    id: 'portico-export',
    label: 'Portico full export (file path → split-by-tag packages)',
    kind: 'portico',
    slow: true,
    // `portico export <file> --fix --split-by-tag` up to the files it writes: the command's own function, from
    // the file path as api-spec-converter's path form starts (read, parse, resolve, convert, fix, 48 packages).
    run: (inputs) => buildExport(inputs.jsonPath, { fix: true, splitByTag: true }, benchIo),
  },
  {
    id: 'portico-validate-export',
    label: 'Portico validate + full export (file path)',
    kind: 'portico',
    slow: true,
    // `portico validate` then `portico export` on one loaded definition: what a CI step checking both pays.
    run: async (inputs) => {
      // The document is validated after the export: the export must leave it as loaded.
      const built = await buildExport(inputs.jsonPath, { fix: true, splitByTag: true, keepDocument: true }, benchIo);
      const { resolved } = built.loaded;
      const findings = validateDocument(resolved.document, {
        version: resolved.version.family,
        locate: resolved.locate,
      });
      return { findings, built };
    },
  },
  {
    id: 'ref-api-spec-converter-path',
    label: 'api-spec-converter 3 → 2 (from the file path)',
    kind: 'reference',
    slow: true,
    run: (inputs) => apiSpecConverter().convert({ from: 'openapi_3', to: 'swagger_2', source: inputs.jsonPath }),
  },
  {
    id: 'ref-api-spec-converter-object',
    label: 'api-spec-converter 3 → 2 (from a parsed object)',
    kind: 'reference',
    slow: true,
    setup: (inputs) => JSON.parse(inputs.jsonText),
    run: (_inputs, prepared) => apiSpecConverter().convert({ from: 'openapi_3', to: 'swagger_2', source: prepared }),
  },
  {
    id: 'ref-json-floor',
    label: 'floor: read + JSON.parse + pretty JSON.stringify (no other work)',
    kind: 'reference',
    // What any export of this file pays before converting anything: reading and parsing the 13 MB, and writing
    // about as much pretty-printed JSON (the split packages' definitions and reports are ~14 MB).
    run: async (inputs) => JSON.stringify(JSON.parse(await readFile(inputs.jsonPath, 'utf8')), null, 2).length,
  },
  {
    id: 'ref-swagger-parser-validate',
    label: '@apidevtools/swagger-parser validate',
    kind: 'reference',
    slow: true,
    setup: (inputs) => JSON.parse(inputs.jsonText),
    run: (_inputs, prepared) => swaggerParser().validate(prepared),
  },
  {
    id: 'ref-yaml-parse',
    label: 'yaml parse (YAML form)',
    kind: 'reference',
    slow: true,
    run: (inputs) => YAML.parse(inputs.yamlText, { maxAliasCount: -1 }),
  },
  {
    id: 'ref-js-yaml-load',
    label: 'js-yaml load (YAML form)',
    kind: 'reference',
    run: (inputs) => jsYaml.load(inputs.yamlText),
  },
];

interface ApiSpecConverter {
  convert(options: { from: string; to: string; source: unknown }): Promise<{ spec: unknown }>;
}

function apiSpecConverter(): ApiSpecConverter {
  return require('api-spec-converter') as ApiSpecConverter;
}

function swaggerParser(): { validate(api: unknown): Promise<unknown> } {
  return require('@apidevtools/swagger-parser') as { validate(api: unknown): Promise<unknown> };
}
