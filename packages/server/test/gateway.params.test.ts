// Parameter locations and styles, defaults and input validation, in both invoke and raw (forward) mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, type GatewayConnector } from '../src/gateway/index.ts';
import { json, op, startUpstream, swagger, type Upstream } from './gateway-helpers.ts';

let upstream: Upstream;
let gateway: Gateway;
let connector: GatewayConnector;

beforeAll(async () => {
  upstream = await startUpstream();
  gateway = createGateway({ allowHosts: ['127.0.0.1'] });
  connector = {
    name: 'params',
    version: '1',
    definition: swagger(
      upstream.host,
      {
        '/items/{id}': { get: op('GetItem', [{ name: 'id', in: 'path', required: true, type: 'string' }]) },
        '/items/me': { get: op('GetMe') },
        '/files/{name}': {
          get: op('GetFile', [
            { name: 'name', in: 'path', required: true, type: 'string', 'x-ms-url-encoding': 'double' },
          ]),
        },
        '/search': {
          get: op('Search', [
            { name: 'tags', in: 'query', type: 'array', items: { type: 'string' } },
            { name: 'words', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'ssv' },
            { name: 'cols', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'tsv' },
            { name: 'ids', in: 'query', type: 'array', items: { type: 'integer' }, collectionFormat: 'pipes' },
            { name: 'multi', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'multi' },
            { name: 'limit', in: 'query', type: 'integer', default: 10, maximum: 100 },
            {
              name: 'mode',
              in: 'query',
              type: 'string',
              enum: ['fast', 'full'],
              default: 'fast',
              'x-ms-visibility': 'internal',
            },
            { name: 'since', in: 'query', type: 'string', format: 'date-time' },
            { name: 'verbose', in: 'query', type: 'boolean' },
            { name: 'X-Trace', in: 'header', type: 'string' },
            { name: 'X-Flags', in: 'header', type: 'array', items: { type: 'string' } },
          ]),
        },
        '/things': {
          post: op('CreateThing', [
            {
              name: 'thing',
              in: 'body',
              required: true,
              schema: { $ref: '#/definitions/Thing' },
            },
          ]),
        },
        '/form': {
          post: op(
            'PostForm',
            [
              { name: 'a', in: 'formData', type: 'string', required: true },
              { name: 'b', in: 'formData', type: 'integer' },
            ],
            { consumes: ['application/x-www-form-urlencoded'] },
          ),
        },
        '/upload': {
          post: op(
            'Upload',
            [
              { name: 'file', in: 'formData', type: 'file', required: true },
              { name: 'note', in: 'formData', type: 'string' },
            ],
            { consumes: ['multipart/form-data'] },
          ),
        },
        '/xml': {
          post: op('PostXml', [{ name: 'doc', in: 'body', required: true, schema: { type: 'string' } }], {
            consumes: ['application/xml'],
          }),
        },
      },
      {
        definitions: {
          Thing: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1 },
              size: { type: 'integer' },
              kind: { type: 'string', default: 'widget', 'x-ms-visibility': 'internal' },
            },
          },
        },
      },
    ),
  };
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

async function call(operationId: string, inputs: Record<string, unknown>) {
  return gateway.invoke({ connector, connectionParameters: {}, operationId, inputs });
}

function lastUrl(): URL {
  return new URL(upstream.requests.at(-1)?.url ?? '', 'http://upstream');
}

describe('path parameters', () => {
  it('encodes a path value once by default', async () => {
    const response = await call('GetItem', { id: 'a b/c' });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)?.url).toBe('/api/items/a%20b%2Fc');
  });

  it('encodes a path value twice with x-ms-url-encoding: double', async () => {
    await call('GetFile', { name: 'a/b c' });
    expect(upstream.requests.at(-1)?.url).toBe('/api/files/a%252Fb%2520c');
  });

  it('encodes dot segments so that a path value cannot climb out of the operation path', async () => {
    await call('GetItem', { id: '..' });
    expect(upstream.requests.at(-1)?.url).toBe('/api/items/%2E%2E');
  });
});

describe('query and header parameters', () => {
  it('serialises arrays by collectionFormat csv, ssv, tsv, pipes and multi', async () => {
    await call('Search', { tags: ['a', 'b'], words: ['x', 'y'], cols: ['p', 'q'], ids: [1, 2], multi: ['m', 'n'] });
    const url = lastUrl();
    expect(url.searchParams.get('tags')).toBe('a,b');
    expect(url.searchParams.get('words')).toBe('x y');
    expect(url.searchParams.get('cols')).toBe('p\tq');
    expect(url.searchParams.get('ids')).toBe('1|2');
    expect(url.searchParams.getAll('multi')).toEqual(['m', 'n']);
    expect(upstream.requests.at(-1)?.url).toContain('tags=a,b&words=x%20y&cols=p%09q&ids=1%7C2&multi=m&multi=n');
  });

  it('applies default values and the defaults of internal parameters', async () => {
    await call('Search', {});
    const url = lastUrl();
    expect(url.searchParams.get('limit')).toBe('10');
    expect(url.searchParams.get('mode')).toBe('fast');
  });

  it('sends header parameters, arrays comma-separated, and booleans as text', async () => {
    await call('Search', { 'X-Trace': 'abc', 'X-Flags': ['one', 'two'], verbose: true });
    const request = upstream.requests.at(-1);
    expect(request?.headers['x-trace']).toBe('abc');
    expect(request?.headers['x-flags']).toBe('one,two');
    expect(lastUrl().searchParams.get('verbose')).toBe('true');
  });
});

describe('bodies', () => {
  it('sends a JSON body with internal defaults of its schema applied', async () => {
    const response = await call('CreateThing', { body: { name: 'n1', size: 3 } });
    expect(response.status).toBe(200);
    const request = upstream.requests.at(-1);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({ name: 'n1', size: 3, kind: 'widget' });
  });

  it('accepts the body under the body parameter name too', async () => {
    await call('CreateThing', { thing: { name: 'n2' } });
    expect(JSON.parse(upstream.requests.at(-1)?.body.toString() ?? '').name).toBe('n2');
  });

  it('sends form fields urlencoded', async () => {
    await call('PostForm', { a: 'x&y', b: 5 });
    const request = upstream.requests.at(-1);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request?.body.toString());
    expect(form.get('a')).toBe('x&y');
    expect(form.get('b')).toBe('5');
  });

  it('sends files as multipart/form-data from base64 content or bytes', async () => {
    const content = Buffer.from('hello file');
    await call('Upload', {
      file: { $content: content.toString('base64'), '$content-type': 'text/plain', filename: 'h.txt' },
      note: 'n',
    });
    let request = upstream.requests.at(-1);
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    let body = request?.body.toString() ?? '';
    expect(body).toContain(
      'Content-Disposition: form-data; name="file"; filename="h.txt"\r\nContent-Type: text/plain\r\n\r\nhello file\r\n',
    );
    expect(body).toContain('Content-Disposition: form-data; name="note"\r\n\r\nn\r\n');
    await call('Upload', { file: Buffer.from([0, 1, 2, 255]) });
    request = upstream.requests.at(-1);
    body = request?.body.toString('latin1') ?? '';
    expect(body).toContain(
      'name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\n\u0000\u0001\u0002\u00ff\r\n',
    );
  });

  it('sends a text body as it is for a non-JSON media type', async () => {
    await call('PostXml', { body: '<a>1</a>' });
    const request = upstream.requests.at(-1);
    expect(request?.headers['content-type']).toBe('application/xml');
    expect(request?.body.toString()).toBe('<a>1</a>');
  });
});

describe('input validation', () => {
  it('refuses a missing required path parameter with 400 naming it', async () => {
    const before = upstream.requests.length;
    const response = await call('GetItem', {});
    expect(response.status).toBe(400);
    expect(response.error?.code).toBe('invalid_input');
    expect(response.error?.parameter).toBe('id');
    expect((await json(response.body)).error.message).toContain('"id"');
    expect(upstream.requests.length).toBe(before);
  });

  it('refuses a value of the wrong type, naming the parameter', async () => {
    const response = await call('Search', { limit: 'many' });
    expect(response.status).toBe(400);
    expect(response.error?.parameter).toBe('limit');
    expect(response.error?.message).toMatch(/"limit".*integer/);
  });

  it('refuses a value outside the enum and lists the allowed values', async () => {
    const response = await call('Search', { mode: 'slow' });
    expect(response.error?.parameter).toBe('mode');
    expect(response.error?.message).toContain('"fast", "full"');
  });

  it('refuses a value that does not match its format', async () => {
    const response = await call('Search', { since: 'yesterday' });
    expect(response.status).toBe(400);
    expect(response.error?.parameter).toBe('since');
    expect(response.error?.message).toContain('date-time');
  });

  it('refuses a body that lacks a required property, naming body.property', async () => {
    const response = await call('CreateThing', { body: { size: 1 } });
    expect(response.status).toBe(400);
    expect(response.error?.parameter).toBe('body');
    expect(response.error?.message).toContain('"body.name"');
  });

  it('refuses a maximum violation', async () => {
    const response = await call('Search', { limit: 1000 });
    expect(response.error?.parameter).toBe('limit');
  });

  it('refuses a header value with a line break with 400 instead of sending it', async () => {
    const response = await call('Search', { 'X-Trace': 'a\r\nInjected: 1' });
    expect(response.status).toBe(400);
    expect(response.error?.code).toBe('invalid_input');
  });

  it('answers 404 for an operation the connector does not have', async () => {
    const response = await call('Nope', {});
    expect(response.status).toBe(404);
    expect(response.error?.code).toBe('operation_not_found');
  });
});

describe('compiled connector cache', () => {
  it('keeps a compiled connector per name and version until it is invalidated', async () => {
    const first: GatewayConnector = {
      name: 'cached',
      version: 'v1',
      definition: swagger(upstream.host, { '/a': { get: op('Op') } }),
    };
    await gateway.invoke({ connector: first, connectionParameters: {}, operationId: 'Op', inputs: {} });
    expect(upstream.requests.at(-1)?.url).toBe('/api/a');
    const changed = { ...first, definition: swagger(upstream.host, { '/b': { get: op('Op') } }) };
    await gateway.invoke({ connector: changed, connectionParameters: {}, operationId: 'Op', inputs: {} });
    expect(upstream.requests.at(-1)?.url).toBe('/api/a');
    gateway.invalidate('cached');
    await gateway.invoke({ connector: changed, connectionParameters: {}, operationId: 'Op', inputs: {} });
    expect(upstream.requests.at(-1)?.url).toBe('/api/b');
    await gateway.invoke({
      connector: { ...changed, version: 'v2', definition: swagger(upstream.host, { '/c': { get: op('Op') } }) },
      connectionParameters: {},
      operationId: 'Op',
      inputs: {},
    });
    expect(upstream.requests.at(-1)?.url).toBe('/api/c');
  });

  it('answers 400 connection_incomplete for a connector without a host and no dynamichosturl', async () => {
    const definition = swagger(upstream.host, { '/a': { get: op('Op') } });
    delete definition.host;
    const response = await gateway.invoke({
      connector: { name: 'hostless', definition },
      connectionParameters: {},
      operationId: 'Op',
      inputs: {},
    });
    expect(response.status).toBe(400);
    expect(response.error?.code).toBe('connection_incomplete');
  });
});

describe('raw mode (forward)', () => {
  it('matches a literal path before a templated one and forwards undeclared query parameters', async () => {
    const response = await gateway.forward({
      connector,
      connectionParameters: {},
      method: 'GET',
      path: '/items/me?x=1',
      headers: {},
    });
    expect(response.operationId).toBe('GetMe');
    expect(upstream.requests.at(-1)?.url).toBe('/api/items/me?x=1');
  });

  it('takes path values, typed query values and declared headers from the raw request', async () => {
    const response = await gateway.forward({
      connector,
      connectionParameters: {},
      method: 'get',
      path: '/search?ids=1|2&limit=5',
      headers: { 'x-trace': 't1', cookie: 'secret=1' },
    });
    expect(response.operationId).toBe('Search');
    const request = upstream.requests.at(-1);
    const url = new URL(request?.url ?? '', 'http://u');
    expect(url.searchParams.get('ids')).toBe('1|2');
    expect(url.searchParams.get('limit')).toBe('5');
    expect(request?.headers['x-trace']).toBe('t1');
    expect(request?.headers.cookie).toBeUndefined();
  });

  it('validates raw query values in their declared type', async () => {
    const response = await gateway.forward({
      connector,
      connectionParameters: {},
      method: 'GET',
      path: '/search?limit=lots',
      headers: {},
    });
    expect(response.status).toBe(400);
    expect(response.error?.parameter).toBe('limit');
  });

  it('forwards a JSON body through the same validation', async () => {
    const ok = await gateway.forward({
      connector,
      connectionParameters: {},
      method: 'POST',
      path: '/things',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"name":"raw"}'),
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(upstream.requests.at(-1)?.body.toString() ?? '')).toEqual({ name: 'raw', kind: 'widget' });
    const bad = await gateway.forward({
      connector,
      connectionParameters: {},
      method: 'POST',
      path: '/things',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"size":1}'),
    });
    expect(bad.status).toBe(400);
  });

  it("never forwards the caller's Authorization or Cookie headers, even when the operation declares them", async () => {
    const declaring: GatewayConnector = {
      name: 'declares-auth',
      definition: swagger(upstream.host, {
        '/who': {
          get: op('Who', [
            { name: 'Authorization', in: 'header', type: 'string' },
            { name: 'X-Tenant', in: 'header', type: 'string' },
          ]),
        },
      }),
    };
    await gateway.forward({
      connector: declaring,
      connectionParameters: {},
      method: 'GET',
      path: '/who',
      headers: { authorization: 'Bearer portico-pat', 'x-tenant': 't9' },
    });
    const request = upstream.requests.at(-1);
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['x-tenant']).toBe('t9');
  });

  it('answers 404 for a path no operation has', async () => {
    const response = await gateway.forward({
      connector,
      connectionParameters: {},
      method: 'DELETE',
      path: '/items/1',
      headers: {},
    });
    expect(response.status).toBe(404);
    expect(response.error?.code).toBe('operation_not_found');
  });
});
