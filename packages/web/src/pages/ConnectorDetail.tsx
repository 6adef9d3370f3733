/** A connector: operations, security, versions (restore), download of its package, delete. */
import {
  Badge,
  Button,
  Caption1,
  Card,
  Spinner,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, DeleteRegular, PlugConnectedRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, seg } from '../api/client.ts';
import type { Connector, ConnectorVersion, Items } from '../api/types.ts';
import { authTypeName } from '../components/AuthFields.tsx';
import { CopyField } from '../components/CopyField.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Findings } from '../components/Findings.tsx';
import { Loading } from '../components/Loading.tsx';
import { OperationsTable } from '../components/OperationsTable.tsx';
import { Page } from '../components/Page.tsx';
import { ScrollArea } from '../components/ScrollArea.tsx';
import { useSession } from '../session.tsx';
import { ColourSwatch } from './ConnectorsList.tsx';
import { SharingTab, UpdateTab } from './ConnectorTabs.tsx';
import { SourceUpdateTab, UpdateBadge, useSourceUpdate } from './SourceUpdate.tsx';
import { TestTab } from './TestTab.tsx';

type TabName = 'operations' | 'test' | 'security' | 'versions' | 'update' | 'sharing' | 'source';

export function ConnectorDetail() {
  const { name = '' } = useParams();
  const { environment, role } = useSession();
  const [tab, setTab] = useState<TabName>('operations');
  const navigate = useNavigate();
  const client = useQueryClient();
  const base = `/api/v1/environments/${seg(environment)}/connectors/${seg(name)}`;
  const connector = useQuery({
    queryKey: ['connector', environment, name],
    queryFn: () => api<Connector>('GET', base),
  });
  const source = useSourceUpdate(base, Boolean(connector.data && !connector.data.builtIn));
  const remove = useMutation({
    mutationFn: () => api('DELETE', base),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['connectors'] });
      navigate('/connectors');
    },
  });
  if (connector.isPending) return <Loading label="Loading the connector…" />;
  if (connector.error) return <ErrorNote error={connector.error} title={`Could not load the connector "${name}"`} />;
  const c = connector.data;
  const canChange = !c.builtIn && !c.readOnly && (role === 'maker' || role === 'admin');
  return (
    <Page
      title={
        <span style={{ display: 'inline-flex', gap: 10, alignItems: 'center' }}>
          <ColourSwatch colour={c.iconBrandColor} />
          {c.displayName || c.name}
        </span>
      }
      actions={
        <>
          <Button icon={<PlugConnectedRegular />} onClick={() => navigate(`/connections?connector=${seg(c.name)}`)}>
            New connection
          </Button>
          <Button as="a" icon={<ArrowDownloadRegular />} href={`${base}/download`} download={`${c.name}.zip`}>
            Download package
          </Button>
          {canChange ? (
            <Button
              icon={<DeleteRegular />}
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete the connector "${c.displayName || c.name}"?`)) remove.mutate();
              }}
            >
              {remove.isPending ? <Spinner size="tiny" label="Deleting…" /> : 'Delete'}
            </Button>
          ) : null}
        </>
      }
    >
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
        <Badge appearance="tint" color={c.builtIn ? 'informative' : 'brand'}>
          {c.builtIn ? 'Built-in' : 'Custom'}
        </Badge>
        <UpdateBadge view={source.data} onOpen={() => setTab('source')} />
        <Caption1>
          {authTypeName(c.auth.type ?? c.authType)} · version {c.version ?? '—'} · {c.operations.length} operations
          {c.description ? ` · ${c.description}` : ''}
        </Caption1>
      </div>
      <ErrorNote error={remove.error} title="Could not delete the connector" />
      <div style={{ overflowX: 'auto' }}>
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabName)} aria-label="Connector sections">
          <Tab value="operations">Operations</Tab>
          <Tab value="test">Test</Tab>
          <Tab value="security">Security</Tab>
          <Tab value="versions">Versions</Tab>
          {!c.builtIn ? <Tab value="sharing">Sharing</Tab> : null}
          {canChange ? <Tab value="update">Update</Tab> : null}
          {source.data?.linked ? <Tab value="source">Source update</Tab> : null}
        </TabList>
      </div>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'operations' ? (
          <div style={{ display: 'grid', gap: 12 }}>
            <OperationsTable operations={c.operations} label="Operations of the connector" />
            {c.report?.findings && c.report.findings.length > 0 ? (
              <Findings findings={c.report.findings} empty="" />
            ) : null}
          </div>
        ) : null}
        {tab === 'test' ? <TestTab connector={c} base={base} /> : null}
        {tab === 'security' ? <SecurityTab connector={c} /> : null}
        {tab === 'versions' ? <VersionsTab base={base} canChange={canChange} /> : null}
        {tab === 'sharing' ? <SharingTab base={base} canChange={canChange} /> : null}
        {tab === 'update' && canChange ? <UpdateTab base={base} connector={c} /> : null}
        {tab === 'source' ? <SourceUpdateTab base={base} canChange={canChange} /> : null}
      </div>
    </Page>
  );
}

const OAUTH_LABELS: Record<string, string> = {
  identityProvider: 'Identity provider',
  clientId: 'Client ID',
  hasClientSecret: 'Client secret',
  resourceUri: 'Resource URL',
  loginUri: 'Login URL',
  tenantId: 'Tenant ID',
  authorizationUrl: 'Authorization URL',
  tokenUrl: 'Token URL',
  refreshUrl: 'Refresh URL',
  scopes: 'Scopes',
  redirectMode: 'Redirect mode',
};

function oauthValue(key: string, value: unknown): string {
  if (key === 'hasClientSecret') return value ? 'stored, encrypted' : 'not set';
  if (Array.isArray(value)) return value.length > 0 ? value.join(' ') : 'none';
  return String(value);
}

function SecurityTab({ connector }: { connector: Connector }) {
  const oauth = connector.auth.oauth as Record<string, unknown> | undefined;
  const params = connector.auth.parameters ?? [];
  return (
    <Card>
      <p>
        Authentication: <strong>{authTypeName(connector.auth.type ?? connector.authType)}</strong>
      </p>
      {params.length > 0 ? (
        <>
          <p>Each connection asks for:</p>
          <ul>
            {params.map((p) => (
              <li key={p.name}>
                {p.label ?? p.name} ({p.secret ? 'secret' : (p.type ?? 'text')}
                {p.required ? ', required' : ''})
              </li>
            ))}
          </ul>
        </>
      ) : oauth ? (
        <p>Each connection signs in with the identity provider.</p>
      ) : (
        <p>Connections need no credentials.</p>
      )}
      {oauth ? (
        <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 16px', margin: 0 }}>
          {Object.entries(oauth)
            .filter(
              ([k, v]) => OAUTH_LABELS[k] && (typeof v === 'string' || typeof v === 'boolean' || Array.isArray(v)),
            )
            .map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>{OAUTH_LABELS[k]}</dt>
                <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>{oauthValue(k, v)}</dd>
              </div>
            ))}
        </dl>
      ) : null}
      {oauth && connector.redirectUrls?.register ? (
        <CopyField
          label="Redirect URL"
          value={connector.redirectUrls.register}
          hint="Register it with the identity provider's app registration."
        />
      ) : null}
    </Card>
  );
}

function VersionsTab({ base, canChange }: { base: string; canChange: boolean }) {
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ['connector-versions', base],
    queryFn: () => api<Items<ConnectorVersion>>('GET', `${base}/versions`),
  });
  const restore = useMutation({
    mutationFn: (version: number) => api('POST', `${base}/versions/${version}/restore`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['connector-versions', base] });
      await client.invalidateQueries({ queryKey: ['connector'] });
      // A restored version has its own source revision: the update offer changes with it.
      await client.invalidateQueries({ queryKey: ['connector-update', base] });
    },
  });
  if (versions.isPending) return <Loading label="Loading the versions…" />;
  if (versions.error) return <ErrorNote error={versions.error} title="Could not load the versions" />;
  return (
    <ScrollArea label="Versions">
      <ErrorNote error={restore.error} title="Could not restore the version" />
      <Table aria-label="Versions" size="small" style={{ minWidth: 560 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Version</TableHeaderCell>
            <TableHeaderCell>Made</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {versions.data.items.map((v) => (
            <TableRow key={v.id}>
              <TableCell>
                {v.version} {v.current ? <Badge color="brand">current</Badge> : null}
              </TableCell>
              <TableCell>{v.createdAt ? new Date(v.createdAt).toLocaleString() : ''}</TableCell>
              <TableCell>
                {!v.current && canChange ? (
                  <Button size="small" onClick={() => restore.mutate(v.version)} disabled={restore.isPending}>
                    Restore version {v.version}
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollArea>
  );
}
