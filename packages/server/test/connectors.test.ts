import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFAULT_PORT, type DemoApi, demoDocument, startDemoApi } from '../src/demo/index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONNECTORS = join(ROOT, 'connectors');
const SCHEMAS = '/work/shared/corpus/powerplatform/schemas';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  collectionFormat?: string;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: unknown;
}
type PathItem = Partial<Record<string, Operation>> & { parameters?: Parameter[] };
interface Definition {
  swagger?: string;
  host?: string;
  paths: Record<string, PathItem>;
  definitions?: Record<string, unknown>;
  components?: { schemas: Record<string, unknown> };
  securityDefinitions?: Record<string, { type: string; in?: string; name?: string }>;
  'x-ms-capabilities'?: { testConnection?: { operationId: string } };
}
interface ConnectionParameter {
  type: string;
  defaultValue?: string;
}
interface Properties {
  properties: {
    connectionParameters?: Record<string, ConnectionParameter>;
    policyTemplateInstances?: { title?: string; parameters?: Record<string, unknown> }[];
  };
}
interface Settings {
  apiDefinition?: string;
  apiProperties?: string;
  icon?: string;
}

/** Removes `//` and block comments outside JSON strings, so JSONC files can go through JSON.parse. */
function stripJsonComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += c;
    }
  }
  return out;
}

function readJson<T>(path: string): T {
  return JSON.parse(stripJsonComments(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''))) as T;
}

function compile(
  ajv: { compile(schema: AnySchemaObject): ValidateFunction },
  file: string,
  draft04 = false,
): ValidateFunction {
  const schema = readJson<AnySchemaObject>(join(SCHEMAS, file));
  delete schema.$schema;
  // The paconn schemas declare draft-07 but name themselves with draft-04's "id"; Ajv 8 wants "$id".
  if (!draft04 && typeof schema.id === 'string') {
    schema.$id = schema.id;
    delete schema.id;
  }
  return ajv.compile(schema);
}

const errorsOf = (validate: ValidateFunction) =>
  (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

const packages = readdirSync(CONNECTORS)
  .filter((name) => statSync(join(CONNECTORS, name)).isDirectory())
  .filter((name) => existsSync(join(CONNECTORS, name, 'apiDefinition.swagger.json')));

let validateSwagger: ValidateFunction;
let validateProperties: ValidateFunction;
let validatePropertiesBaseline: ValidateFunction;
let validateSettings: ValidateFunction;

beforeAll(() => {
  const ajv04 = new Ajv04.default({ strict: false, allErrors: true });
  addFormats.default(ajv04 as unknown as Ajv);
  validateSwagger = compile(ajv04, 'apiDefinition.swagger.schema.json', true);
  const ajv07 = () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    return ajv;
  };
  validateProperties = compile(ajv07(), 'paconn-apiProperties.schema.json');
  validatePropertiesBaseline = compile(ajv07(), 'paconn-apiProperties.schema.dev-8bff86e.json');
  validateSettings = compile(ajv07(), 'paconn-settings.schema.json');
});

interface Located {
  method: string;
  path: string;
  op: Operation;
  shared: Parameter[];
}
function operationsOf(doc: Definition): Located[] {
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => {
      const op = item[method];
      return op ? [{ method, path, op, shared: item.parameters ?? [] }] : [];
    }),
  );
}

describe('JSONC stripping used for the corpus schemas', () => {
  it('removes comments but keeps // inside strings', () => {
    const text = '{\n  "url": "https://example.com//x", // comment\n  /* block */ "a": 1\n}';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ url: 'https://example.com//x', a: 1 });
    expect(() => JSON.parse(readFileSync(join(SCHEMAS, 'paconn-apiProperties.schema.json'), 'utf8'))).toThrow();
    expect(readJson<{ type: string }>(join(SCHEMAS, 'paconn-apiProperties.schema.json')).type).toBe('object');
  });

  it('makes the validators reject a broken package', () => {
    expect(validateSwagger({ swagger: '2.0', info: { title: 'x' }, paths: {} })).toBe(false);
    expect(validateProperties({ properties: {} })).toBe(false);
    expect(validateSettings({ environment: 'not-a-guid' })).toBe(false);
  });
});

describe('built-in connectors', () => {
  it('ships at least three packages and a folder reserved for Portico itself', () => {
    expect(packages.length).toBeGreaterThanOrEqual(3);
    expect(packages).toEqual(
      expect.arrayContaining(['portico-demo-inventory', 'open-meteo', 'ntfy', 'jsonplaceholder']),
    );
    expect(statSync(join(CONNECTORS, 'portico')).isDirectory()).toBe(true);
    expect(existsSync(join(CONNECTORS, 'README.md'))).toBe(true);
    const others = readdirSync(CONNECTORS).filter(
      (n) => statSync(join(CONNECTORS, n)).isDirectory() && !packages.includes(n),
    );
    expect(others.filter((n) => n !== 'portico')).toEqual([]);
  });

  describe.each(packages)('%s', (name) => {
    const dir = join(CONNECTORS, name);
    const swagger = () => readJson<Definition>(join(dir, 'apiDefinition.swagger.json'));
    const properties = () => readJson<Properties>(join(dir, 'apiProperties.json'));

    it('is strict Swagger 2.0 that passes the corpus apiDefinition schema', () => {
      const doc = swagger();
      expect(doc.swagger).toBe('2.0');
      const ok = validateSwagger(doc);
      expect(errorsOf(validateSwagger)).toEqual([]);
      expect(ok).toBe(true);
    });

    it('passes an independent Swagger 2.0 validator', async () => {
      await expect(SwaggerParser.validate(swagger() as never)).resolves.toBeTruthy();
    });

    it('has apiProperties.json valid under the current and the baseline schema', () => {
      const props = properties();
      expect(validateProperties(props), errorsOf(validateProperties).join('\n')).toBe(true);
      expect(validatePropertiesBaseline(props), errorsOf(validatePropertiesBaseline).join('\n')).toBe(true);
    });

    it('has a settings.json, when present, valid and pointing at files that exist', () => {
      const path = join(dir, 'settings.json');
      if (!existsSync(path)) return;
      const settings = readJson<Settings>(path);
      expect(validateSettings(settings), errorsOf(validateSettings).join('\n')).toBe(true);
      for (const file of [settings.apiDefinition, settings.apiProperties, settings.icon]) {
        if (file) expect(existsSync(join(dir, file)), file).toBe(true);
      }
    });

    it('names every operation uniquely with a summary and a description', () => {
      const ops = operationsOf(swagger());
      expect(ops.length).toBeGreaterThan(0);
      const ids = ops.map((o) => o.op.operationId);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(new Set(ids).size).toBe(ids.length);
      for (const { op } of ops) {
        expect(op.summary, op.operationId).toBeTruthy();
        expect(op.description, op.operationId).toBeTruthy();
        expect((op.summary ?? '').length).toBeLessThanOrEqual(80);
      }
    });

    it('refers only to operations and connection parameters that exist', () => {
      const doc = swagger();
      const props = properties().properties;
      const ids = new Set(operationsOf(doc).map((o) => o.op.operationId));
      const params = props.connectionParameters ?? {};
      for (const policy of props.policyTemplateInstances ?? []) {
        const targets = (policy.parameters?.['x-ms-apimTemplate-operationName'] ?? []) as string[];
        for (const id of targets) expect(ids.has(id), `${policy.title}: ${id}`).toBe(true);
        const text = JSON.stringify(policy.parameters ?? {});
        for (const match of text.matchAll(/@connectionParameters\('([^']+)'/g)) {
          expect(params[match[1] as string], `${policy.title}: ${match[1]}`).toBeDefined();
        }
      }
      const test = doc['x-ms-capabilities']?.testConnection?.operationId;
      if (test) expect(ids.has(test)).toBe(true);
    });

    it('asks for an API key exactly when the definition declares one, and ships no secret', () => {
      const doc = swagger();
      const params = properties().properties.connectionParameters ?? {};
      const apiKey = Object.values(doc.securityDefinitions ?? {}).some((s) => s.type === 'apiKey');
      expect(params.api_key?.type === 'securestring').toBe(apiKey);
      for (const [key, param] of Object.entries(params)) {
        if (param.type === 'securestring') expect(param.defaultValue, key).toBeUndefined();
      }
    });
  });
});

describe('the Portico Demo Inventory connector', () => {
  const dir = join(CONNECTORS, 'portico-demo-inventory');
  const swagger = () => readJson<Definition>(join(dir, 'apiDefinition.swagger.json'));
  let api: DemoApi;
  beforeAll(async () => {
    api = await startDemoApi({ apiKey: 'connector-test-key' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('describes the demo API: same operations, parameters and schemas', () => {
    const openapi = demoDocument(`http://127.0.0.1:${DEMO_DEFAULT_PORT}`) as unknown as Definition;
    const summarise = (ops: Located[]) =>
      ops
        .map(({ method, path, op, shared }) => ({
          key: `${method} ${path} ${op.operationId}`,
          params: [...shared, ...(op.parameters ?? [])]
            .map((p) => `${p.in}:${p.name}:${p.in === 'body' ? 'body' : (p.required ?? false)}`)
            .sort(),
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
    const fromOpenApi = operationsOf(openapi).map((o) => ({
      ...o,
      op: {
        ...o.op,
        parameters: [...(o.op.parameters ?? []), ...(o.op.requestBody ? [{ in: 'body', name: 'body' }] : [])],
      },
    }));
    const doc = swagger();
    expect(summarise(operationsOf(doc))).toEqual(summarise(fromOpenApi));
    const rewritten = JSON.parse(
      JSON.stringify(openapi.components?.schemas).replaceAll('#/components/schemas/', '#/definitions/'),
    );
    expect(doc.definitions).toEqual(rewritten);
    expect(doc.securityDefinitions?.api_key).toEqual({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc.host).toBe(`127.0.0.1:${DEMO_DEFAULT_PORT}`);
    const props = readJson<Properties>(join(dir, 'apiProperties.json')).properties;
    expect(props.connectionParameters?.base_url?.defaultValue).toBe(`http://127.0.0.1:${DEMO_DEFAULT_PORT}`);
  });

  it('reaches a running demo API with the key in the declared header and its test operation', async () => {
    const doc = swagger();
    const header = doc.securityDefinitions?.api_key?.name as string;
    const testId = doc['x-ms-capabilities']?.testConnection?.operationId;
    const testOp = operationsOf(doc).find((o) => o.op.operationId === testId);
    expect(testOp).toBeDefined();
    const ok = await fetch(`${api.url}${testOp?.path}`, { headers: { [header]: api.apiKey } });
    expect(ok.status).toBe(200);
    const refused = await fetch(`${api.url}${testOp?.path}`, { headers: { [header]: 'wrong' } });
    expect(refused.status).toBe(401);
    const list = operationsOf(doc).find((o) => o.op.operationId === 'ListItems');
    expect(list?.op.parameters?.find((p) => p.name === 'tags')?.collectionFormat).toBe('csv');
    const page = await fetch(`${api.url}${list?.path}?tags=office,it&category=hardware`, {
      headers: { [header]: api.apiKey },
    });
    expect(page.status).toBe(200);
  });
});
