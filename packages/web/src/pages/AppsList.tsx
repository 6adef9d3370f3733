/** API apps: the list with each definition's status, and registering a new one (URL or file upload). */
import {
  Button,
  Caption1,
  Card,
  Field,
  Input,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, seg } from '../api/client.ts';
import type { ApiApp, Items } from '../api/types.ts';
import { DefinitionStatus } from '../components/DefinitionStatus.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Loading } from '../components/Loading.tsx';
import { Page } from '../components/Page.tsx';
import { ScrollArea } from '../components/ScrollArea.tsx';

export function AppsList() {
  const [creating, setCreating] = useState(false);
  const apps = useQuery({ queryKey: ['apps'], queryFn: () => api<Items<ApiApp>>('GET', '/api/v1/apps') });
  return (
    <Page
      title="API apps"
      actions={
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setCreating(true)} disabled={creating}>
          New API app
        </Button>
      }
    >
      {creating ? <CreateApp onCancel={() => setCreating(false)} /> : null}
      {apps.isPending ? <Loading label="Loading API apps…" /> : null}
      <ErrorNote error={apps.error} title="Could not load the API apps" />
      {apps.data && apps.data.items.length === 0 ? (
        <p>No API apps yet. Register one from its OpenAPI definition URL or file.</p>
      ) : null}
      {apps.data && apps.data.items.length > 0 ? (
        <ScrollArea label="API apps">
          <Table aria-label="API apps" style={{ minWidth: 560 }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Definition</TableHeaderCell>
                <TableHeaderCell>OpenAPI</TableHeaderCell>
                <TableHeaderCell>Operations</TableHeaderCell>
                <TableHeaderCell>Source</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {apps.data.items.map((app) => (
                <TableRow key={app.id}>
                  <TableCell>
                    <Link to={`/apps/${seg(app.name)}`}>{app.displayName || app.name}</Link>
                  </TableCell>
                  <TableCell>
                    <DefinitionStatus app={app} />
                  </TableCell>
                  <TableCell>{app.definition?.version ?? '—'}</TableCell>
                  <TableCell>{app.definition?.operations ?? '—'}</TableCell>
                  <TableCell style={{ overflowWrap: 'anywhere' }}>
                    {app.source.kind === 'url' ? (app.source.url ?? 'URL') : `Upload ${app.source.filename ?? ''}`}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      ) : null}
    </Page>
  );
}

function CreateApp({ onCancel }: { onCancel: () => void }) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [sourceKind, setSourceKind] = useState<'url' | 'upload'>('url');
  const [definitionUrl, setDefinitionUrl] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const client = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: async () => {
      const body: Record<string, unknown> = { name: name.trim() };
      if (displayName.trim()) body.displayName = displayName.trim();
      if (baseUrl.trim()) body.baseUrl = baseUrl.trim();
      if (sourceKind === 'url') body.definitionUrl = definitionUrl.trim();
      else {
        const file = files[0];
        if (!file) throw new Error('Choose the OpenAPI file to upload.');
        body.definition = await file.text();
        body.filename = file.name;
      }
      return api<ApiApp>('POST', '/api/v1/apps', body);
    },
    onSuccess: async (app) => {
      await client.invalidateQueries({ queryKey: ['apps'] });
      navigate(`/apps/${seg(app.name)}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Card>
      <form onSubmit={submit} style={{ display: 'grid', gap: 12 }}>
        <Subtitle1 as="h2">Register an API app</Subtitle1>
        <Field
          label="Name"
          required
          hint="Lower-case letters, digits and dashes; it becomes part of the hosted definition URL."
        >
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label="Display name">
          <Input value={displayName} onChange={(_, d) => setDisplayName(d.value)} />
        </Field>
        <Field label="Base URL of the API" hint="Optional: where the API answers, if the definition does not say.">
          <Input type="url" value={baseUrl} onChange={(_, d) => setBaseUrl(d.value)} />
        </Field>
        <Field label="Definition source">
          <RadioGroup
            layout="horizontal"
            value={sourceKind}
            onChange={(_, d) => setSourceKind(d.value as 'url' | 'upload')}
          >
            <Radio value="url" label="Definition URL" />
            <Radio value="upload" label="Upload a file" />
          </RadioGroup>
        </Field>
        {sourceKind === 'url' ? (
          <Field label="Definition URL" required hint="Portico fetches the OpenAPI document (JSON or YAML) from here.">
            <Input type="url" value={definitionUrl} onChange={(_, d) => setDefinitionUrl(d.value)} />
          </Field>
        ) : (
          <FileDrop label="Choose the OpenAPI file" accept=".json,.yaml,.yml" files={files} onFiles={setFiles} />
        )}
        <ErrorNote error={create.error} title="Could not register the API app" />
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Button appearance="primary" type="submit" disabled={create.isPending}>
            {create.isPending ? (
              <Spinner size="tiny" label={sourceKind === 'url' ? 'Fetching the definition…' : 'Reading the file…'} />
            ) : (
              'Register'
            )}
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
        <Caption1>Swagger 2.0, OpenAPI 3.0 and 3.1 are accepted, as JSON or YAML.</Caption1>
      </form>
    </Card>
  );
}
