/** Polling triggers through the invoke route: the state travels in X-Portico-Trigger-State between polls. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, errorCode, makeApp, type TestApp, type TestUser } from './helpers/app.ts';
import { createConnection, createConnectorFrom, echoPackage, type Json } from './helpers/invoke.ts';

const ALERTS = [
  { id: 'a1', lastModifiedDateTime: '2024-05-01T10:00:00Z' },
  { id: 'a0', lastModifiedDateTime: '2024-04-30T09:00:00Z' },
];

let t: TestApp;
let upstream: Server;
let maker: TestUser;
let connectionId: string;
const filters: Array<string | null> = [];

/** A connector whose OnNewAlerts operation has the pollingtrigger policy Microsoft Graph Security uses. */
function alertsPackage(host: string) {
  const pkg = echoPackage(host);
  const definition = JSON.parse(pkg.apiDefinition) as Json;
  definition.paths['/alerts'] = {
    get: {
      operationId: 'OnNewAlerts',
      summary: 'When an alert is created or changed',
      description: 'Polls for alerts changed since the last poll.',
      'x-ms-trigger': 'batch',
      responses: { '200': { description: 'New alerts.', schema: { type: 'object' } } },
    },
  };
  const properties = JSON.parse(pkg.apiProperties) as Json;
  properties.properties.policyTemplateInstances = [
    {
      templateId: 'pollingtrigger',
      title: 'Poll for new alerts',
      parameters: {
        'x-ms-apimTemplate-operationName': ['OnNewAlerts'],
        'x-ms-apimTemplateParameter.triggerConfig': {
          $filter: 'lastModifiedDateTime gt @{triggerBody().value[0].lastModifiedDateTime}',
        },
        'x-ms-apimTemplateParameter.triggerDataPath': '@triggerBody().value',
      },
    },
  ];
  return { apiDefinition: JSON.stringify(definition), apiProperties: JSON.stringify(properties) };
}

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    const filter = url.searchParams.get('$filter');
    filters.push(filter);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ value: filter ? [] : ALERTS }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  t = await makeApp({ config: { gatewayAllowHosts: [{ kind: 'host', host: '127.0.0.1' }] } });
  maker = await addUser(t.store);
  await createConnectorFrom(t.app, maker.auth, 'alerts', alertsPackage(host));
  connectionId = await createConnection(t.app, maker.auth, 'alerts', { api_key: 'alerts-key' });
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => upstream.close(resolve));
});

function poll(state?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/connections/${connectionId}/operations/OnNewAlerts`,
    headers: { ...maker.auth, ...(state ? { 'x-portico-trigger-state': state } : {}) },
  });
}

describe('polling triggers', () => {
  it('answers new items with the next state, and 202 with the same state when nothing is new', async () => {
    const first = await poll();
    expect(first.statusCode).toBe(200);
    const state = first.headers['x-portico-trigger-state'] as string;
    expect(JSON.parse(Buffer.from(state, 'base64url').toString('utf8'))).toEqual({
      $filter: 'lastModifiedDateTime gt 2024-05-01T10:00:00Z',
    });
    const second = await poll(state);
    expect(filters.at(-1)).toBe('lastModifiedDateTime gt 2024-05-01T10:00:00Z');
    expect(second.statusCode).toBe(202);
    expect(second.body).toBe('');
    expect(second.headers['x-portico-trigger-state']).toBe(state);
  });

  it('refuses a state that no poll produced, naming the header', async () => {
    const res = await poll('not-a-state');
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.body).toContain('x-portico-trigger-state');
  });
});
