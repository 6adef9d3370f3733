/** Connections of the current environment: create (API key, basic, no auth), status, test, delete. */
import {
  Badge,
  Button,
  Caption1,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Subtitle1,
  Subtitle2,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, seg } from '../api/client.ts';
import type {
  Connection,
  ConnectionStarted,
  ConnectionTest,
  Connector,
  ConnectorSummary,
  Items,
} from '../api/types.ts';
import { authTypeName } from '../components/AuthFields.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Loading } from '../components/Loading.tsx';
import { Page } from '../components/Page.tsx';
import { useSession } from '../session.tsx';

const STATUS = {
  connected: { color: 'success', text: 'Connected' },
  error: { color: 'danger', text: 'Error' },
  unauthenticated: { color: 'warning', text: 'Not signed in' },
  pending: { color: 'warning', text: 'Waiting for sign-in' },
  needs_reauthentication: { color: 'warning', text: 'Needs re-authentication' },
} as const;

const OAUTH_TYPES = ['oauth2', 'aad'];
/** Where the provider's sign-in comes back to (the server adds ?connection=…&status=…). */
const RETURN_TO = '/connections';

/** Sends the browser to the identity provider's sign-in page. */
function goToSignIn(url: string): void {
  window.location.assign(url);
}

export function ConnectionsPage() {
  const { environment } = useSession();
  const [params] = useSearchParams();
  const preselected = params.get('connector') ?? '';
  const returned = params.get('connection') ? params.get('status') : null;
  const [creating, setCreating] = useState(Boolean(preselected));
  const base = `/api/v1/environments/${seg(environment)}/connections`;
  const connections = useQuery({
    queryKey: ['connections', environment],
    queryFn: () => api<Items<Connection>>('GET', base),
  });
  return (
    <Page
      title="Connections"
      actions={
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)} disabled={creating}>
          New connection
        </Button>
      }
    >
      {returned ? (
        <MessageBar intent={returned === 'connected' ? 'success' : 'error'} role="status" layout="multiline">
          <MessageBarBody>
            {returned === 'connected'
              ? 'Signed in: the connection is connected.'
              : 'The sign-in did not complete. Use "Fix connection" to try again.'}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {creating ? <CreateConnection initial={preselected} onDone={() => setCreating(false)} /> : null}
      {connections.isPending ? <Loading label="Loading connections…" /> : null}
      <ErrorNote error={connections.error} title={`Could not load the connections of ${environment}`} />
      {connections.data && connections.data.items.length === 0 ? <p>No connections in this environment yet.</p> : null}
      {connections.data && connections.data.items.length > 0 ? (
        <ul aria-label="Connections" style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: 12 }}>
          {connections.data.items.map((c) => (
            <ConnectionCard key={c.id} connection={c} base={base} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}

function ConnectionCard({ connection: c, base }: { connection: Connection; base: string }) {
  const client = useQueryClient();
  const url = `${base}/${seg(c.id)}`;
  const test = useMutation({
    mutationFn: () => api<ConnectionTest>('POST', `${url}/test`),
    onSettled: () => client.invalidateQueries({ queryKey: ['connections'] }),
  });
  const remove = useMutation({
    mutationFn: () => api('DELETE', url),
    onSuccess: () => client.invalidateQueries({ queryKey: ['connections'] }),
  });
  const fix = useMutation({
    mutationFn: () => api<ConnectionStarted>('POST', `${url}/reauthenticate`, { returnTo: RETURN_TO }),
    onSuccess: async (started) => {
      if (started.authorizationUrl) goToSignIn(started.authorizationUrl);
      else await client.invalidateQueries({ queryKey: ['connections'] });
    },
  });
  const status = STATUS[c.status] ?? STATUS.error;
  const name = c.displayName || c.id;
  const canFix = OAUTH_TYPES.includes(c.authType ?? '') && c.status !== 'connected';
  return (
    <li>
      <Card>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'center' }}>
          <Subtitle2 as="h2" style={{ flexGrow: 1 }}>
            {name}
          </Subtitle2>
          <Badge color={status.color}>{status.text}</Badge>
          <div style={{ display: 'flex', gap: 8 }}>
            {canFix ? (
              <Button
                size="small"
                appearance="primary"
                onClick={() => fix.mutate()}
                disabled={fix.isPending}
                aria-label={`Fix connection ${name}`}
              >
                {fix.isPending ? <Spinner size="tiny" label="Going to sign-in…" /> : 'Fix connection'}
              </Button>
            ) : null}
            <Button size="small" onClick={() => test.mutate()} disabled={test.isPending} aria-label={`Test ${name}`}>
              {test.isPending ? <Spinner size="tiny" label="Testing…" /> : 'Test'}
            </Button>
            <Button
              size="small"
              aria-label={`Delete ${name}`}
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete the connection "${name}"?`)) remove.mutate();
              }}
            >
              Delete
            </Button>
          </div>
        </div>
        <Caption1>
          Connector {c.connector}
          {c.authType ? ` · ${authTypeName(c.authType)}` : ''}
          {c.lastTestedAt ? ` · last tested ${new Date(c.lastTestedAt).toLocaleString()}` : ''}
        </Caption1>
        {c.statusMessage ? <div>{c.statusMessage}</div> : null}
        {test.data ? (
          <MessageBar intent={test.data.ok ? 'success' : 'error'} role="status" layout="multiline">
            <MessageBarBody>
              {test.data.ok ? 'Works: ' : 'Failed: '}
              {test.data.message}
              {test.data.status ? ` (HTTP ${test.data.status})` : ''}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <ErrorNote error={fix.error} title="Could not start the sign-in" />
        <ErrorNote error={test.error} title="Could not test the connection" />
        <ErrorNote error={remove.error} title="Could not delete the connection" />
      </Card>
    </li>
  );
}

function CreateConnection({ initial, onDone }: { initial: string; onDone: () => void }) {
  const { environment } = useSession();
  const client = useQueryClient();
  const [connectorName, setConnectorName] = useState(initial);
  const [displayName, setDisplayName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [grant, setGrant] = useState<'authorization_code' | 'client_credentials'>('authorization_code');
  const envBase = `/api/v1/environments/${seg(environment)}`;
  const connectors = useQuery({
    queryKey: ['connectors', environment],
    queryFn: () => api<Items<ConnectorSummary>>('GET', `${envBase}/connectors`),
  });
  const connector = useQuery({
    queryKey: ['connector', environment, connectorName],
    enabled: Boolean(connectorName),
    queryFn: () => api<Connector>('GET', `${envBase}/connectors/${seg(connectorName)}`),
  });
  const parameters = connector.data?.auth.parameters ?? [];
  const oauth = Boolean(connector.data && OAUTH_TYPES.includes(connector.data.auth.type ?? connector.data.authType));
  const create = useMutation({
    mutationFn: () =>
      api<ConnectionStarted>('POST', `${envBase}/connections`, {
        connector: connectorName,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        parameters: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')),
        ...(oauth ? { grant, returnTo: RETURN_TO } : {}),
      }),
    onSuccess: async (started) => {
      // OAuth: the user signs in at the provider, which sends them back here through /redirect.
      if (started.authorizationUrl) return goToSignIn(started.authorizationUrl);
      await client.invalidateQueries({ queryKey: ['connections'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <Card>
      <form onSubmit={submit} style={{ display: 'grid', gap: 12 }}>
        <Subtitle1 as="h2">New connection</Subtitle1>
        <Field label="Connector" required>
          <Select
            value={connectorName}
            onChange={(_, d) => {
              setConnectorName(d.value);
              setValues({});
            }}
          >
            <option value="">Choose a connector…</option>
            {(connectors.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.name}>
                {c.displayName || c.name} ({authTypeName(c.authType)})
              </option>
            ))}
          </Select>
        </Field>
        <ErrorNote error={connectors.error} title="Could not load the connectors" />
        {connector.isFetching ? <Loading label="Loading what the connector needs…" /> : null}
        <ErrorNote error={connector.error} title="Could not load the connector" />
        {oauth ? (
          <Field label="Sign in">
            <RadioGroup value={grant} onChange={(_, d) => setGrant(d.value as typeof grant)}>
              <Radio value="authorization_code" label="With my account at the identity provider" />
              <Radio value="client_credentials" label="As the application (client credentials, no user)" />
            </RadioGroup>
          </Field>
        ) : null}
        <Field label="Connection name">
          <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
        </Field>
        {parameters.map((p) => (
          <Field key={p.name} label={p.label ?? p.name} required={p.required} hint={p.description}>
            <Input
              type={p.secret ? 'password' : 'text'}
              autoComplete={p.secret ? 'new-password' : 'off'}
              value={values[p.name] ?? p.defaultValue ?? ''}
              onChange={(_, d) => setValues({ ...values, [p.name]: d.value })}
            />
          </Field>
        ))}
        <ErrorNote error={create.error} title="Could not create the connection" />
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Button appearance="primary" type="submit" disabled={!connectorName || create.isPending}>
            {create.isPending ? (
              <Spinner size="tiny" label="Creating…" />
            ) : oauth && grant === 'authorization_code' ? (
              'Create and sign in'
            ) : (
              'Create connection'
            )}
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
      </form>
    </Card>
  );
}
