/** The management API's own OpenAPI 3.1 document, generated from the route schemas. */
import SwaggerParser from '@apidevtools/swagger-parser';
import { exportConnector } from '@portico/openapi';
import Fastify, { type RouteShorthandOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeObjects, guardRoute } from '../src/plugins/openapi.ts';
import { json, makeApp, type TestApp } from './helpers/app.ts';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  responses?: Record<string, unknown>;
}
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

let t: TestApp;
let doc: Doc;

beforeAll(async () => {
  t = await makeApp();
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = json<Doc>(res);
});
afterAll(async () => t.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );

describe('management API document', () => {
  it('is a valid OpenAPI 3.1 document (checked by an independent parser)', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
    expect(doc.openapi).toBe('3.1.0');
  });

  it('describes every /api/v1 route with a unique operationId and a summary', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(13);
    for (const { path, op } of ops) {
      expect(path.startsWith('/api/v1/'), path).toBe(true);
      expect(op.operationId, path).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(op.summary, path).toBeTruthy();
    }
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'Login',
      'Logout',
      'GetMe',
      'ListTokens',
      'CreateToken',
      'RevokeToken',
      'ListUsers',
      'CreateUser',
      'ListEnvironments',
      'CreateEnvironment',
      'SetEnvironmentMember',
      'RemoveEnvironmentMember',
      'ListAuditEntries',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('uses path templates with braces and documents the error body on every operation', () => {
    expect(Object.keys(doc.paths)).toContain('/api/v1/environments/{env}/members/{user}');
    for (const { path, op } of operations()) {
      const content =
        (op.responses?.['4XX'] as { content?: Record<string, { schema?: unknown }> } | undefined)?.content ?? {};
      const schemas = Object.values(content).map((c) => c.schema);
      expect(schemas, path).toContainEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Error', 'User', 'Environment', 'AccessToken', 'AuditEntry']),
    );
  });

  it('names the public URL as the server', () => {
    expect((doc as unknown as { servers: unknown }).servers).toEqual([{ url: t.app.config.publicUrl }]);
  });

  it('marks sign-in as needing no credentials and everything else as bearer-authenticated', () => {
    const login = doc.paths['/api/v1/auth/login']?.post;
    expect(login?.security).toEqual([]);
    const me = doc.paths['/api/v1/me']?.get;
    expect(me?.security).toBeUndefined();
    expect((doc as unknown as { security: unknown }).security).toEqual([{ bearerAuth: [] }]);
  });

  it('never lists a secret field in a response schema except the one-time token and CSRF token', () => {
    const fields: Array<{ name: string; type: unknown }> = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'properties' && value && typeof value === 'object') {
            for (const [name, schema] of Object.entries(value))
              fields.push({ name, type: (schema as { type?: unknown }).type });
          }
          collect(value);
        }
      }
    };
    collect(operations().map((o) => o.op.responses));
    collect(doc.components.schemas);
    expect(fields.length).toBeGreaterThan(20);
    // A text field named like a secret (flags such as `secret: boolean` and URLs such as `tokenUrl` are not secrets).
    const secretText = fields.filter(
      ({ name, type }) =>
        /password|secret|credential|api_?key|token|hash/i.test(name) &&
        !/(url|uri)$/i.test(name) &&
        (type === 'string' || (Array.isArray(type) && type.includes('string'))),
    );
    // The one-time token of CreateToken and the sign-in CSRF token are the only secrets ever returned, by design;
    // content hashes of revisions are not secrets.
    const allowed = new Set(['token', 'csrfToken', 'contentHash']);
    expect([...new Set(secretText.map((f) => f.name))].filter((n) => !allowed.has(n))).toEqual([]);
  });
});

describe('the management API as a connector', () => {
  it('exports through the core as an importable Power Platform package that a second parser accepts', async () => {
    const result = exportConnector({ document: structuredClone(doc) as never, version: '3.1' }, { fix: true });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.importable).toBe(true);
    const [pkg] = result.packages;
    const definition = JSON.parse(pkg!.files['apiDefinition.swagger.json']) as {
      swagger: string;
      paths: Record<string, unknown>;
    };
    expect(definition.swagger).toBe('2.0');
    expect(Object.keys(definition.paths)).toContain('/api/v1/environments/{env}/members/{user}');
    await expect(SwaggerParser.validate(definition as never)).resolves.toBeDefined();
    const properties = JSON.parse(pkg!.files['apiProperties.json']) as {
      properties: { connectionParameters: Record<string, unknown> };
    };
    expect(Object.keys(properties.properties.connectionParameters).length).toBeGreaterThan(0);
  });
});

describe('route guard', () => {
  it('refuses at start-up a route without operationId, summary or access', async () => {
    const cases: RouteShorthandOptions[] = [
      { schema: { summary: 's' }, config: { access: 'public' } },
      { schema: { operationId: 'X' } as RouteShorthandOptions['schema'], config: { access: 'public' } },
      { schema: { operationId: 'X', summary: 's' } as RouteShorthandOptions['schema'], config: {} },
    ];
    for (const options of cases) {
      const app = Fastify();
      app.addHook('onRoute', guardRoute);
      expect(() => app.get('/api/v1/thing', options, async () => ({}))).toThrow(/needs/);
      await app.close();
    }
  });

  it('rejects unknown body fields by default', () => {
    const route = {
      method: 'POST' as const,
      url: '/api/v1/x',
      handler: async () => ({}),
      config: { access: 'authenticated' as const },
      schema: { operationId: 'X', summary: 's', body: { type: 'object', properties: { a: { type: 'string' } } } },
    };
    guardRoute(route);
    expect((route.schema.body as { additionalProperties?: boolean }).additionalProperties).toBe(false);
  });

  it('closes nested objects with properties but leaves free-form objects and explicit choices alone', () => {
    const body = {
      type: 'object',
      properties: {
        auth: { type: 'object', properties: { kind: { type: 'string' } } },
        parameters: { type: 'object' },
        extra: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
        list: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } } },
      },
    };
    closeObjects(body);
    const p = body.properties as Record<
      string,
      { additionalProperties?: boolean; items?: { additionalProperties?: boolean } }
    >;
    expect(p.auth?.additionalProperties).toBe(false);
    expect(p.parameters?.additionalProperties).toBeUndefined();
    expect(p.extra?.additionalProperties).toBe(true);
    expect(p.list?.items?.additionalProperties).toBe(false);
  });
});
