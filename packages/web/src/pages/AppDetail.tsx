/**
 * The API definition page of an API app: hosted URL, the current revision's findings, operations, revision
 * history, refresh from source or upload, and Export to PowerApps/Flow.
 */
import {
  Badge,
  Button,
  Caption1,
  Card,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle1,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, getJson, samePath, seg } from '../api/client.ts';
import type { ApiApp, Items, Revision, RevisionDetail } from '../api/types.ts';
import { CopyField } from '../components/CopyField.tsx';
import { DefinitionStatus } from '../components/DefinitionStatus.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Findings, type LabelledFinding } from '../components/Findings.tsx';
import { Loading } from '../components/Loading.tsx';
import { OperationsTable, operationsOf } from '../components/OperationsTable.tsx';
import { Page } from '../components/Page.tsx';
import { ScrollArea } from '../components/ScrollArea.tsx';
import { ExportPanel } from './ExportPanel.tsx';

type TabName = 'definition' | 'operations' | 'history' | 'export';

export function AppDetail() {
  const { name = '' } = useParams();
  const [tab, setTab] = useState<TabName>('definition');
  const app = useQuery({ queryKey: ['app', name], queryFn: () => api<ApiApp>('GET', `/api/v1/apps/${seg(name)}`) });
  if (app.isPending) return <Loading label="Loading the API app…" />;
  if (app.error) return <ErrorNote error={app.error} title={`Could not load the API app "${name}"`} />;
  const a = app.data;
  return (
    <Page title={a.displayName || a.name} actions={<SourceActions app={a} />}>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
        <DefinitionStatus app={a} />
        {a.definition ? (
          <Caption1>
            Revision {a.definition.number} · OpenAPI {a.definition.version ?? '?'} · {a.definition.operations ?? 0}{' '}
            operations · {a.source.kind === 'url' ? `from ${a.source.url}` : `uploaded ${a.source.filename ?? ''}`}
          </Caption1>
        ) : null}
      </div>
      {a.fetch?.error ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>The last fetch of the definition failed: {a.fetch.error}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div style={{ overflowX: 'auto' }}>
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabName)} aria-label="API app sections">
          <Tab value="definition">API definition</Tab>
          <Tab value="operations">Operations</Tab>
          <Tab value="history">Revisions</Tab>
          <Tab value="export">Export to PowerApps/Flow</Tab>
        </TabList>
      </div>
      <div role="tabpanel" aria-label={tab}>
        {tab === 'definition' ? <DefinitionTab app={a} /> : null}
        {tab === 'operations' ? <OperationsTab app={a} /> : null}
        {tab === 'history' ? <HistoryTab app={a} /> : null}
        {tab === 'export' ? <ExportPanel app={a} /> : null}
      </div>
    </Page>
  );
}

function SourceActions({ app }: { app: ApiApp }) {
  const client = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const done = async (next: ApiApp) => {
    client.setQueryData(['app', app.name], next);
    await client.invalidateQueries({ queryKey: ['apps'] });
    await client.invalidateQueries({ queryKey: ['revisions', app.name] });
  };
  const refresh = useMutation({
    mutationFn: () => api<ApiApp>('POST', `/api/v1/apps/${seg(app.name)}/refresh`),
    onSuccess: done,
  });
  const upload = useMutation({
    mutationFn: async (file: File) =>
      api<ApiApp>('PUT', `/api/v1/apps/${seg(app.name)}/definition`, {
        definition: await file.text(),
        filename: file.name,
      }),
    onSuccess: done,
  });
  const canWrite = app.role !== 'reader';
  const result = refresh.data ?? upload.data;
  return (
    <div style={{ display: 'grid', gap: 8, justifyItems: 'end' }}>
      {app.source.kind === 'url' ? (
        <Button icon={<ArrowSyncRegular />} onClick={() => refresh.mutate()} disabled={!canWrite || refresh.isPending}>
          {refresh.isPending ? <Spinner size="tiny" label="Fetching…" /> : 'Refresh from source'}
        </Button>
      ) : (
        <FileDrop
          label="Upload a new definition"
          accept=".json,.yaml,.yml"
          files={files}
          onFiles={(chosen) => {
            setFiles(chosen);
            if (chosen[0]) upload.mutate(chosen[0]);
          }}
        />
      )}
      {upload.isPending ? <Spinner size="tiny" label="Uploading…" /> : null}
      {result ? (
        <span role="status">
          {result.changed
            ? `New revision ${result.definition?.number ?? ''} made.`
            : 'The definition has not changed; no new revision.'}
        </span>
      ) : null}
      <ErrorNote error={refresh.error ?? upload.error} title="Could not update the definition" />
    </div>
  );
}

function DefinitionTab({ app }: { app: ApiApp }) {
  const revisionId = app.definition?.id;
  const revision = useQuery({
    queryKey: ['revision', app.name, revisionId],
    enabled: Boolean(revisionId),
    queryFn: () => api<RevisionDetail>('GET', `/api/v1/apps/${seg(app.name)}/revisions/${seg(revisionId ?? '')}`),
  });
  const findings: LabelledFinding[] = revision.data
    ? [
        ...revision.data.report.openapi.findings.map((f) => ({ ...f, profile: 'OpenAPI' })),
        ...revision.data.report.powerplatform.findings.map((f) => ({ ...f, profile: 'Power Platform' })),
      ]
    : [];
  return (
    <div style={{ display: 'grid', gap: 16 }}>
      <Card>
        <CopyField
          label="Hosted definition URL"
          value={app.hosted.json}
          hint="A stable URL of the current definition, for Power Platform and other tools."
        />
        <Caption1>
          Also as YAML: <a href={samePath(app.hosted.yaml)}>{app.hosted.yaml}</a>
        </Caption1>
      </Card>
      <section aria-labelledby="findings-title">
        <Subtitle1 as="h2" id="findings-title">
          Findings of the current revision
        </Subtitle1>
        {!revisionId ? <p>There is no definition yet.</p> : null}
        {revision.isPending && revisionId ? <Loading label="Validating…" /> : null}
        <ErrorNote error={revision.error} title="Could not load the findings" />
        {revision.data ? (
          <Findings findings={findings} empty="No findings: the definition is valid for OpenAPI and Power Platform." />
        ) : null}
      </section>
    </div>
  );
}

function OperationsTab({ app }: { app: ApiApp }) {
  const doc = useQuery({
    queryKey: ['hosted', app.name, app.definition?.id],
    enabled: Boolean(app.definition),
    queryFn: () => getJson<unknown>(samePath(app.hosted.json)),
  });
  if (!app.definition) return <p>There is no definition yet.</p>;
  if (doc.isPending) return <Loading label="Loading the operations…" />;
  if (doc.error) return <ErrorNote error={doc.error} title="Could not load the operations" />;
  return <OperationsTable operations={operationsOf(doc.data)} label="Operations of the definition" />;
}

function HistoryTab({ app }: { app: ApiApp }) {
  const revisions = useQuery({
    queryKey: ['revisions', app.name],
    queryFn: () => api<Items<Revision>>('GET', `/api/v1/apps/${seg(app.name)}/revisions`),
  });
  if (revisions.isPending) return <Loading label="Loading the revisions…" />;
  if (revisions.error) return <ErrorNote error={revisions.error} title="Could not load the revisions" />;
  if (revisions.data.items.length === 0) return <p>No revisions yet.</p>;
  return (
    <ScrollArea label="Revisions">
      <Table aria-label="Revisions" size="small" style={{ minWidth: 560 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Revision</TableHeaderCell>
            <TableHeaderCell>Made</TableHeaderCell>
            <TableHeaderCell>Source</TableHeaderCell>
            <TableHeaderCell>OpenAPI</TableHeaderCell>
            <TableHeaderCell>Errors / warnings</TableHeaderCell>
            <TableHeaderCell>Content hash</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {revisions.data.items.map((r) => (
            <TableRow key={r.id}>
              <TableCell>
                {r.number} {r.current || r.id === app.definition?.id ? <Badge color="brand">current</Badge> : null}
              </TableCell>
              <TableCell>{new Date(r.createdAt).toLocaleString()}</TableCell>
              <TableCell style={{ overflowWrap: 'anywhere' }}>
                {r.source.kind === 'url' ? 'fetched' : `uploaded ${r.source.filename ?? ''}`}
              </TableCell>
              <TableCell>{r.version ?? ''}</TableCell>
              <TableCell>
                {(r.openapi?.errors ?? 0) + (r.powerplatform?.errors ?? 0)} /{' '}
                {(r.openapi?.warnings ?? 0) + (r.powerplatform?.warnings ?? 0)}
              </TableCell>
              <TableCell style={{ fontFamily: 'monospace' }}>
                {r.contentHash.replace(/^sha256:/, '').slice(0, 12)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollArea>
  );
}
