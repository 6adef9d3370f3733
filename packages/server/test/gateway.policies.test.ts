// Every policy template, run with policy instances taken verbatim from certified connectors of the corpus.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '@portico/openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, type GatewayConnector } from '../src/gateway/index.ts';
import {
  echo,
  type Handler,
  json,
  op,
  type Recorded,
  startUpstream,
  swagger,
  text,
  type Upstream,
} from './gateway-helpers.ts';

const CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/corpus/powerplatform/connectors',
);

/** The policy instances of a corpus connector, optionally only those with the given titles (in file order). */
function corpusPolicies(folder: string, titles?: string[]): JsonObject[] {
  const text = readFileSync(path.join(CORPUS, folder, 'apiProperties.json'), 'utf8').replace(/^\uFEFF/, '');
  const all = (JSON.parse(text) as { properties: { policyTemplateInstances: JsonObject[] } }).properties
    .policyTemplateInstances;
  if (!titles) return all;
  const picked = all.filter((instance) => titles.includes(instance.title as string));
  expect(picked.map((p) => p.title).sort()).toEqual([...titles].sort());
  return picked;
}

let upstream: Upstream;
let gateway: Gateway;
const routes: Record<string, Handler> = {};

function route(request: Recorded): string {
  return `${request.method} ${new URL(request.url, 'http://u').pathname}`;
}

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.statusCode = status;
    response.setHeader('content-type', 'application/json');
    for (const [key, value] of Object.entries(headers)) response.setHeader(key, value);
    response.end(JSON.stringify(body));
  };
}

beforeAll(async () => {
  upstream = await startUpstream((request, response) => (routes[route(request)] ?? echo)(request, response));
  gateway = createGateway({ allowHosts: ['127.0.0.1'] });
});

afterAll(async () => {
  await gateway.close();
  await upstream.close();
});

function connector(name: string, definition: JsonObject, policies: JsonObject[]): GatewayConnector {
  return { name, definition, properties: { properties: { policyTemplateInstances: policies } } };
}

function sent(method: string, pathname: string): Recorded {
  const found = upstream.requests.filter((r) => route(r) === `${method} ${pathname}`).at(-1);
  if (!found)
    throw new Error(
      `upstream did not receive ${method} ${pathname}; it got ${upstream.requests.map(route).join(', ')}`,
    );
  return found;
}

describe('dynamichosturl', () => {
  const definition = () =>
    swagger('cdbkeplerprod.azurewebsites.net', { '/Notebooks': { get: op('GetNotebooks') } }, { schemes: ['https'] });
  const jupyrest = () => connector('jupyrest', definition(), corpusPolicies('Jupyrest'));

  it('calls the host the connection names (Jupyrest) instead of the declared one', async () => {
    const response = await gateway.invoke({
      connector: jupyrest(),
      connectionParameters: { jupyrestinstance: `http://${upstream.host}` },
      operationId: 'GetNotebooks',
      inputs: {},
    });
    expect(response.status).toBe(200);
    expect(sent('GET', '/api/Notebooks')).toBeDefined();
  });

  it('answers 400 naming the connection parameter the host template lacks', async () => {
    const response = await gateway.invoke({
      connector: jupyrest(),
      connectionParameters: {},
      operationId: 'GetNotebooks',
      inputs: {},
    });
    expect(response.status).toBe(400);
    expect(response.error?.code).toBe('connection_incomplete');
    expect(response.error?.parameter).toBe('jupyrestinstance');
  });

  it('still refuses a metadata address that a connection value points at', async () => {
    const response = await gateway.invoke({
      connector: jupyrest(),
      connectionParameters: { jupyrestinstance: 'http://169.254.169.254' },
      operationId: 'GetNotebooks',
      inputs: {},
    });
    expect(response.status).toBe(403);
  });
});

describe('routerequesttoendpoint', () => {
  it('routes to a new path with the path parameters filled in (JIRA)', async () => {
    const definition = swagger(
      upstream.host,
      {
        '/issue/{issueKey}': {
          get: op('GetIssue', [{ name: 'issueKey', in: 'path', required: true, type: 'string' }]),
        },
      },
      { basePath: '/rest/api' },
    );
    const c = connector('jira', definition, corpusPolicies('JIRA', ['Route Request - GetIssue/UpdateIssue']));
    await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'GetIssue',
      inputs: { issueKey: 'PRJ 1' },
    });
    expect(sent('GET', '/rest/api/2/issue/PRJ%201')).toBeDefined();
  });

  it('keeps a query string written into the new path and appends the request query', async () => {
    const definition = swagger(upstream.host, {
      '/find': { get: op('Find', [{ name: 'q', in: 'query', type: 'string' }]) },
    });
    const policy = {
      templateId: 'RouteRequestToEndpoint',
      parameters: { 'x-ms-apimTemplateParameter.newPath': '/v2/search?fixed=1' },
    };
    await gateway.invoke({
      connector: connector('query-route', definition, [policy]),
      connectionParameters: {},
      operationId: 'Find',
      inputs: { q: 'x y' },
    });
    expect(sent('GET', '/api/v2/search').url).toBe('/api/v2/search?fixed=1&q=x%20y');
  });

  it('changes the method when the policy names one (Annature DeleteEnvelope)', async () => {
    const definition = swagger(
      upstream.host,
      {
        '/envelopes/{id}/void': {
          post: op('DeleteEnvelope', [{ name: 'id', in: 'path', required: true, type: 'string' }]),
        },
      },
      { basePath: '/v1' },
    );
    const c = connector('annature', definition, corpusPolicies('Annature', ['SetEmptyBodyFoDelete']));
    await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'DeleteEnvelope',
      inputs: { id: 'e1' },
    });
    expect(sent('DELETE', '/v1/envelopes/e1')).toBeDefined();
  });
});

describe('CO2 Signal: setheader removal, operation filters, convertobjecttoarray on the response', () => {
  const definition = () =>
    swagger(
      upstream.host,
      { '/latest': { get: op('GetLatest') }, '/zones': { get: op('GetZones') } },
      {
        basePath: '/v1',
        securityDefinitions: { 'API Key': { type: 'apiKey', in: 'header', name: 'auth-token' } },
        security: [{ 'API Key': [] }],
      },
    );
  const policies = () =>
    corpusPolicies('CO2 Signal', ['Fix Header', 'Set Zone Path', 'Remove Auth Header', 'Process Zone Payload']);

  it('removes the auth header and reshapes the zone object into an array only for GetZones', async () => {
    routes['GET /v1/v3/zones'] = reply(200, { AD: { zoneName: 'Andorra' }, AE: { zoneName: 'UAE' } });
    const c = connector('co2', definition(), policies());
    const zones = await gateway.invoke({
      connector: c,
      connectionParameters: { api_key: 'k' },
      operationId: 'GetZones',
      inputs: {},
    });
    expect(sent('GET', '/v1/v3/zones').headers['auth-token']).toBeUndefined();
    const body = await json(zones.body);
    expect(body.Zones).toEqual([
      { Name: 'AD', Details: { zoneName: 'Andorra' } },
      { Name: 'AE', Details: { zoneName: 'UAE' } },
    ]);
    expect(zones.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(body))));
    await gateway.invoke({
      connector: c,
      connectionParameters: { api_key: 'k' },
      operationId: 'GetLatest',
      inputs: {},
    });
    expect(sent('GET', '/v1/latest').headers['auth-token']).toBe('k');
  });
});

describe('setheader', () => {
  it('builds a header from a connection parameter (Calendly)', async () => {
    const c = connector(
      'calendly',
      swagger(upstream.host, { '/users/me': { get: op('GetMe') } }),
      corpusPolicies('Calendly', ['Set Authentication Header']),
    );
    await gateway.invoke({
      connector: c,
      connectionParameters: { api_key: 'pat-1' },
      operationId: 'GetMe',
      inputs: {},
    });
    expect(sent('GET', '/api/users/me').headers.authorization).toBe('Bearer pat-1');
  });

  it('sets a response header in the Response section (Zellis)', async () => {
    routes['GET /api/objects'] = (_request, response) => {
      response.setHeader('content-type', 'text/plain');
      response.end('{"a":1}');
    };
    const c = connector(
      'zellis',
      swagger(upstream.host, { '/objects': { get: op('GetZellisObjects') } }),
      corpusPolicies('Zellis', ['Set Response Header']),
    );
    const response = await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'GetZellisObjects',
      inputs: {},
    });
    expect(response.headers['content-type']).toBe('application/json');
    expect(await text(response.body)).toBe('{"a":1}');
  });

  it('sets a header on failures only in the Failure section', async () => {
    routes['GET /api/flaky'] = reply(500, { error: 'boom' });
    routes['GET /api/fine'] = reply(200, {});
    const failure = {
      templateId: 'SetHeader',
      title: 'Mark failures',
      parameters: {
        'x-ms-apimTemplateParameter.name': 'X-Failed-Through',
        'x-ms-apimTemplateParameter.value': 'portico',
        'x-ms-apimTemplate-policySection': 'Failure',
      },
    };
    const c = connector(
      'failure',
      swagger(upstream.host, { '/flaky': { get: op('Flaky') }, '/fine': { get: op('Fine') } }),
      [failure],
    );
    const failed = await gateway.invoke({ connector: c, connectionParameters: {}, operationId: 'Flaky', inputs: {} });
    expect(failed.status).toBe(500);
    expect(failed.headers['x-failed-through']).toBe('portico');
    expect(await json(failed.body)).toEqual({ error: 'boom' });
    const fine = await gateway.invoke({ connector: c, connectionParameters: {}, operationId: 'Fine', inputs: {} });
    expect(fine.headers['x-failed-through']).toBeUndefined();
    routes['GET /api/flaky'] = (_request, response) => response.destroy();
    const unreachable = await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'Flaky',
      inputs: {},
    });
    expect(unreachable.status).toBe(502);
    expect(unreachable.headers['x-failed-through']).toBe('portico');
  });
});

describe('setqueryparameter', () => {
  const definition = () =>
    swagger(upstream.host, {
      '/tasks': { get: op('ListTasks', [{ name: '3eInstanceId', in: 'query', type: 'string' }]) },
      '/mail': { get: op('New_Mail_Trigger', [{ name: 'criterias', in: 'query', type: 'string' }]) },
    });

  it('adds a constant query parameter to every operation (Kanban Tool)', async () => {
    const c = connector('kanban', definition(), corpusPolicies('Kanban Tool', ['AddPlatformParam']));
    await gateway.invoke({ connector: c, connectionParameters: {}, operationId: 'ListTasks', inputs: {} });
    expect(new URL(sent('GET', '/api/tasks').url, 'http://u').searchParams.get('_platform')).toBe('msflow');
  });

  it('fills a query parameter from the connection only when it is absent (3E Events, existsAction skip)', async () => {
    const c = connector('3e', definition(), corpusPolicies('3E Events', ['Set Tenant ID']));
    await gateway.invoke({
      connector: c,
      connectionParameters: { 'token:3eInstanceId': 'tenant-9' },
      operationId: 'ListTasks',
      inputs: {},
    });
    expect(new URL(sent('GET', '/api/tasks').url, 'http://u').searchParams.getAll('3eInstanceId')).toEqual([
      'tenant-9',
    ]);
    await gateway.invoke({
      connector: c,
      connectionParameters: { 'token:3eInstanceId': 'tenant-9' },
      operationId: 'ListTasks',
      inputs: { '3eInstanceId': 'mine' },
    });
    expect(new URL(sent('GET', '/api/tasks').url, 'http://u').searchParams.getAll('3eInstanceId')).toEqual(['mine']);
  });

  it('rewrites a query parameter from its own value with @queryParameters (Zoho Mail)', async () => {
    const c = connector('zoho', definition(), corpusPolicies('Zoho Mail', ['SetFromMailParameter']));
    await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'New_Mail_Trigger',
      inputs: { criterias: 'bob' },
    });
    const value = new URL(sent('GET', '/api/mail').url, 'http://u').searchParams.getAll('criterias');
    expect(value).toEqual(['[{"lhs":"sender","operator":"contains","rhs":"bob"}]']);
  });
});

describe('setproperty, stringreplace', () => {
  it('sets constant properties on the request body (Almabase) and JSON array values (LawVu)', async () => {
    const body = [{ name: 'body', in: 'body', schema: { type: 'object' } }];
    const almabase = connector(
      'almabase',
      swagger(upstream.host, { '/webhooks': { post: op('FormEntryCreateOrUpdateWebhook', body) } }),
      corpusPolicies('Almabase', ['Add webhook version for customform', 'Add webhook source for customform']),
    );
    await gateway.invoke({
      connector: almabase,
      connectionParameters: {},
      operationId: 'FormEntryCreateOrUpdateWebhook',
      inputs: { body: { url: 'u' } },
    });
    expect(JSON.parse(sent('POST', '/api/webhooks').body.toString())).toEqual({
      url: 'u',
      version: 'v1',
      source: 'Microsoft Power Automate',
    });
    const lawvu = connector(
      'lawvu',
      swagger(upstream.host, { '/subs': { post: op('Triggers_CreateSubscriptionMatterCreated', body) } }),
      corpusPolicies('LawVu', ['Triggers - Topics - MatterCreated']),
    );
    await gateway.invoke({
      connector: lawvu,
      connectionParameters: {},
      operationId: 'Triggers_CreateSubscriptionMatterCreated',
      inputs: {},
    });
    expect(JSON.parse(sent('POST', '/api/subs').body.toString())).toEqual({ topics: ['matter.created'] });
  });

  it('derives ids from URLs and titles from item templates in the response (FreeAgent)', async () => {
    routes['GET /api/invoices'] = reply(200, {
      invoices: [
        { url: 'https://api.freeagent.com/v2/invoices/42', reference: 'INV-1' },
        { url: 'https://api.freeagent.com/v2/invoices/43', reference: 'INV-2' },
      ],
    });
    const c = connector(
      'freeagent',
      swagger(upstream.host, { '/invoices': { get: op('ListInvoices') } }),
      corpusPolicies('FreeAgent', ['Replace Invoice Url to ID', 'Set Title for Invoice']),
    );
    const response = await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'ListInvoices',
      inputs: {},
    });
    const body = await json(response.body);
    expect(body.invoices.map((i: JsonObject) => [i.id, i.title])).toEqual([
      ['42', '42-INV-1'],
      ['43', '43-INV-2'],
    ]);
  });
});

describe('Planner: stringtoarray, setproperty, encodepropertyvalue, stringreplace, convertarraytoobject, convertobjecttoarray', () => {
  const definition = () =>
    swagger(
      upstream.host,
      {
        '/tasks': {
          post: op('CreateTask_V3', [{ name: 'body', in: 'body', required: true, schema: { type: 'object' } }]),
        },
        '/groups': { get: op('ListGroups') },
        '/tasks/{id}': {
          patch: op('UpdateTask_V3', [
            { name: 'id', in: 'path', required: true, type: 'string' },
            { name: 'body', in: 'body', schema: { type: 'object' } },
          ]),
        },
        '/plans/{id}/tasks': { get: op('ListTasks_V3', [{ name: 'id', in: 'path', required: true, type: 'string' }]) },
      },
      { basePath: '/' },
    );
  const planner = () => ({
    ...connector('planner', definition(), corpusPolicies('Planner')),
    properties: {
      properties: {
        connectionParameters: {
          token: { type: 'oauthSetting', oAuthSettings: { identityProvider: 'aadcertificate' } },
        },
        policyTemplateInstances: corpusPolicies('Planner'),
      },
    },
  });

  it('turns "a;b" assignees into an object keyed by encoded user ids, and back into an array on the response', async () => {
    routes['POST /v1.0/planner/tasks'] = (request, response) => {
      const sentBody = JSON.parse(request.body.toString());
      response.setHeader('content-type', 'application/json; odata.metadata=minimal');
      response.end(JSON.stringify({ id: 't1', assignments: sentBody.assignments }));
    };
    const response = await gateway.invoke({
      connector: planner(),
      connectionParameters: { accessToken: 'graph' },
      operationId: 'CreateTask_V3',
      inputs: { body: { title: 'T', assignments: 'a@x.com; b.c@y.org' } },
    });
    const upstreamBody = JSON.parse(sent('POST', '/v1.0/planner/tasks').body.toString());
    const assignment = { orderHint: ' !', '@odata.type': 'microsoft.graph.plannerAssignment' };
    expect(upstreamBody).toEqual({
      title: 'T',
      assignments: { 'a%40x%2Ecom': assignment, 'b%2Ec%40y%2Eorg': assignment },
    });
    const body = await json(response.body);
    expect(body._assignments).toEqual([
      { userId: 'a%40x%2Ecom', value: assignment },
      { userId: 'b%2Ec%40y%2Eorg', value: assignment },
    ]);
  });

  it('routes and sets $filter and $select for ListGroups (case-insensitive template ids)', async () => {
    await gateway.invoke({
      connector: planner(),
      connectionParameters: { accessToken: 'graph' },
      operationId: 'ListGroups',
      inputs: {},
    });
    const request = sent('GET', '/v1.0/me/memberOf/$/microsoft.graph.group');
    const query = new URL(request.url, 'http://u').searchParams;
    expect(query.get('$filter')).toBe("groupTypes/any(c:c eq 'Unified')");
    expect(query.get('$select')).toBe('id,displayName');
  });

  it('fetches the ETag first and sends it as If-Match (setvaluefromurl), with the same credentials', async () => {
    routes['GET /v1.0/planner/tasks/t7'] = reply(200, { id: 't7', '@odata.etag': 'W/"etag-7"' });
    routes['PATCH /v1.0/planner/tasks/t7'] = reply(200, { id: 't7' });
    const response = await gateway.invoke({
      connector: planner(),
      connectionParameters: { accessToken: 'graph' },
      operationId: 'UpdateTask_V3',
      inputs: { id: 't7', body: { title: 'new' } },
    });
    expect(response.status).toBe(200);
    const lookup = sent('GET', '/v1.0/planner/tasks/t7');
    expect(lookup.headers.authorization).toBe('Bearer graph');
    const patch = sent('PATCH', '/v1.0/planner/tasks/t7');
    expect(patch.headers['if-match']).toBe('W/"etag-7"');
    expect(JSON.parse(patch.body.toString())).toEqual({ title: 'new' });
  });

  it('answers 502 when the value lookup fails, without calling the operation', async () => {
    routes['GET /v1.0/planner/tasks/gone'] = reply(404, { error: 'not found' });
    const before = upstream.requests.filter((r) => r.method === 'PATCH').length;
    const response = await gateway.invoke({
      connector: planner(),
      connectionParameters: { accessToken: 'graph' },
      operationId: 'UpdateTask_V3',
      inputs: { id: 'gone' },
    });
    expect(response.status).toBe(502);
    expect(response.error?.code).toBe('upstream_invalid_response');
    expect(response.error?.message).toContain('If-Match');
    expect(upstream.requests.filter((r) => r.method === 'PATCH').length).toBe(before);
  });

  it('rewrites @odata.nextLink to the gateway raw path (updatenextlink) and reshapes every task', async () => {
    routes['GET /v1.0/planner/plans/p1/tasks'] = reply(200, {
      value: [{ id: 't1', assignments: { u1: { orderHint: 'x' } } }],
      '@odata.nextLink': `http://${upstream.host}/v1.0/planner/plans/p1/tasks?$skiptoken=abc`,
    });
    const response = await gateway.invoke({
      connector: planner(),
      connectionParameters: { accessToken: 'graph' },
      operationId: 'ListTasks_V3',
      inputs: { id: 'p1' },
      gatewayBaseUrl: 'https://portico.test/apim/planner/c1',
    });
    const body = await json(response.body);
    expect(body['@odata.nextLink']).toBe(
      'https://portico.test/apim/planner/c1/v1.0/planner/plans/p1/tasks?$skiptoken=abc',
    );
    expect(body.value[0]._assignments).toEqual([{ userId: 'u1', value: { orderHint: 'x' } }]);
  });

  it('follows a rewritten next link in raw mode to the operation that routes there', async () => {
    routes['GET /v1.0/planner/plans/p3/tasks'] = reply(200, { value: [] });
    const response = await gateway.forward({
      connector: planner(),
      connectionParameters: { accessToken: 'graph' },
      method: 'GET',
      path: '/v1.0/planner/plans/p3/tasks?$skiptoken=abc',
      headers: {},
    });
    expect(response.operationId).toBe('ListTasks_V3');
    expect(response.status).toBe(200);
    expect(sent('GET', '/v1.0/planner/plans/p3/tasks').url).toBe('/v1.0/planner/plans/p3/tasks?$skiptoken=abc');
  });

  it('leaves a next link to another host alone', async () => {
    routes['GET /v1.0/planner/plans/p2/tasks'] = reply(200, {
      value: [],
      '@odata.nextLink': 'https://elsewhere.example/next',
    });
    const response = await gateway.invoke({
      connector: planner(),
      connectionParameters: { accessToken: 'graph' },
      operationId: 'ListTasks_V3',
      inputs: { id: 'p2' },
      gatewayBaseUrl: 'https://portico.test/apim/planner/c1',
    });
    expect((await json(response.body))['@odata.nextLink']).toBe('https://elsewhere.example/next');
  });
});

describe('Miro: setvaluefromurl into a header that routerequesttoendpoint uses', () => {
  it('looks up the team id and routes to /teams/{team}/boards', async () => {
    routes['GET /v1/oauth-token'] = reply(200, { team: { id: 'T 9' } });
    const definition = swagger(upstream.host, { '/boards': { get: op('GetBoards') } }, { basePath: '/v1' });
    const c = connector(
      'miro',
      definition,
      corpusPolicies('Miro', [
        'Set TeamId header for the team where the application was authorized',
        'Redirect to a specific team id',
      ]),
    );
    const response = await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'GetBoards',
      inputs: {},
    });
    expect(response.status).toBe(200);
    const request = sent('GET', '/v1/teams/T%209/boards');
    expect(request.headers.teamid).toBe('T 9');
  });
});

describe('setvaluefromurl with an API key in the query', () => {
  it('sends the query key on the side call as well, and adds no body to a GET', async () => {
    routes['GET /v1/oauth-token'] = reply(200, { team: { id: 'T1' } });
    const definition = swagger(
      upstream.host,
      { '/boards': { get: op('GetBoards') } },
      {
        basePath: '/v1',
        securityDefinitions: { key: { type: 'apiKey', in: 'query', name: 'token' } },
        security: [{ key: [] }],
      },
    );
    const stamp = {
      templateId: 'setproperty',
      parameters: {
        'x-ms-apimTemplateParameter.newPropertyParentPathTemplate': '@body()',
        'x-ms-apimTemplateParameter.newPropertySubPathTemplate': 'stamp',
        'x-ms-apimTemplateParameter.propertyValuePathTemplate': 'x',
      },
    };
    const c = connector('miro-key', definition, [
      ...corpusPolicies('Miro', [
        'Set TeamId header for the team where the application was authorized',
        'Redirect to a specific team id',
      ]),
      stamp,
    ]);
    await gateway.invoke({
      connector: c,
      connectionParameters: { api_key: 'q-key' },
      operationId: 'GetBoards',
      inputs: {},
    });
    expect(new URL(sent('GET', '/v1/oauth-token').url, 'http://u').searchParams.get('token')).toBe('q-key');
    const boards = sent('GET', '/v1/teams/T1/boards');
    expect(new URL(boards.url, 'http://u').searchParams.get('token')).toBe('q-key');
    expect(boards.body.length).toBe(0);
  });
});

describe('pollingtrigger', () => {
  it('returns new items with the next query, sends that query on the next poll, and answers 202 when nothing is new', async () => {
    const definition = swagger(upstream.host, { '/alerts': { get: op('OnAllNewAlerts') } });
    const policies = corpusPolicies('MicrosoftGraphSecurity').filter(
      (p) => (p.parameters as JsonObject)['x-ms-apimTemplate-operationName']?.toString() === 'OnAllNewAlerts',
    );
    const c = connector('graphsec', definition, policies);
    routes['GET /api/alerts'] = reply(200, { value: [{ id: 'a1', lastModifiedDateTime: '2024-05-01T10:00:00Z' }] });
    const first = await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'OnAllNewAlerts',
      inputs: {},
    });
    expect(first.status).toBe(200);
    expect(first.trigger?.items).toEqual([{ id: 'a1', lastModifiedDateTime: '2024-05-01T10:00:00Z' }]);
    expect(first.trigger?.nextQuery).toEqual({ $filter: 'lastModifiedDateTime gt 2024-05-01T10:00:00Z' });
    routes['GET /api/alerts'] = reply(200, { value: [] });
    const second = await gateway.invoke({
      connector: c,
      connectionParameters: {},
      operationId: 'OnAllNewAlerts',
      inputs: {},
      trigger: { query: first.trigger?.nextQuery ?? {} },
    });
    expect(new URL(sent('GET', '/api/alerts').url, 'http://u').searchParams.get('$filter')).toBe(
      'lastModifiedDateTime gt 2024-05-01T10:00:00Z',
    );
    expect(second.status).toBe(202);
    expect(second.trigger).toEqual({
      items: [],
      nextQuery: { $filter: 'lastModifiedDateTime gt 2024-05-01T10:00:00Z' },
    });
    expect(await text(second.body)).toBe('');
  });
});
