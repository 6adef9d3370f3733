/** The connector page's Update (new definition → new version) and Sharing tabs. */
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.ts';
import type { Connector, ConnectorDraft, Items } from '../api/types.ts';
import { AuthFields, authTypeName, initialValues, toAnswers } from '../components/AuthFields.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { FileDrop } from '../components/FileDrop.tsx';
import { Loading } from '../components/Loading.tsx';
import { ScrollArea } from '../components/ScrollArea.tsx';
import { uploadBody } from '../components/upload.ts';

interface Share {
  subject: string;
  userId?: string | null;
  email?: string | null;
  permission: 'use' | 'edit';
  createdAt?: string;
}

/** Current answers of a connector, to prefill the questions of its next version (never the secret). */
function currentAnswers(connector: Connector): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(connector.auth.oauth ?? {})) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.join(' ');
  }
  const label = connector.auth.parameters?.find((p) => p.secret)?.label;
  if (label) out.apiKeyLabel = label;
  return out;
}

/** Upload a new definition or package, answer its questions: the connector gets a new version, old ones stay. */
export function UpdateTab({ base, connector }: { base: string; connector: Connector }) {
  const client = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const environmentBase = base.slice(0, base.lastIndexOf('/'));
  const prepare = useMutation({
    mutationFn: async () => api<ConnectorDraft>('POST', `${environmentBase}/prepare`, await uploadBody(files)),
    onSuccess: (draft) => {
      const current = currentAnswers(connector);
      const initial = initialValues(draft.auth.questions ?? []);
      for (const key of Object.keys(initial)) if (current[key]) initial[key] = current[key];
      setAnswers(initial);
    },
  });
  const draft = prepare.data;
  const update = useMutation({
    mutationFn: () =>
      api<Connector>('PUT', base, {
        draftId: draft?.draftId,
        ...((draft?.auth.questions ?? []).length > 0 ? { auth: toAnswers(answers) } : {}),
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['connector'] });
      await client.invalidateQueries({ queryKey: ['connector-versions', base] });
      await client.invalidateQueries({ queryKey: ['connector-update', base] });
    },
  });
  return (
    <Card>
      <p>
        Upload a new OpenAPI document or connector package. Portico makes a new version; the earlier versions stay
        listed under Versions and can be restored.
      </p>
      <FileDrop
        label="Choose files"
        accept=".json,.yaml,.yml,.zip,.png"
        multiple
        files={files}
        onFiles={(chosen) => {
          setFiles(chosen);
          prepare.reset();
          update.reset();
        }}
      />
      <ErrorNote error={prepare.error} title="Could not read the new definition" />
      {!draft ? (
        <div>
          <Button
            appearance="primary"
            disabled={files.length === 0 || prepare.isPending}
            onClick={() => prepare.mutate()}
          >
            {prepare.isPending ? <Spinner size="tiny" label="Reading and converting…" /> : 'Check the new definition'}
          </Button>
        </div>
      ) : (
        <form
          style={{ display: 'grid', gap: 12 }}
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate();
          }}
        >
          <p>
            {draft.operations.length} operations, {authTypeName(draft.auth.type)}. Check the security settings; a client
            secret has to be entered again.
          </p>
          <AuthFields questions={draft.auth.questions ?? []} values={answers} onChange={setAnswers} />
          <ErrorNote error={update.error} title="Could not update the connector" />
          {update.data ? (
            <MessageBar intent="success">
              <MessageBarBody>Updated: version {update.data.version ?? ''} is now current.</MessageBarBody>
            </MessageBar>
          ) : null}
          <div>
            <Button appearance="primary" type="submit" disabled={update.isPending || Boolean(update.data)}>
              {update.isPending ? <Spinner size="tiny" label="Updating…" /> : 'Update connector'}
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}

/** Who may use the connector besides its maker: the whole environment, or single users. */
export function SharingTab({ base, canChange }: { base: string; canChange: boolean }) {
  const client = useQueryClient();
  const shares = useQuery({ queryKey: ['shares', base], queryFn: () => api<Items<Share>>('GET', `${base}/shares`) });
  const done = () => client.invalidateQueries({ queryKey: ['shares', base] });
  const [email, setEmail] = useState('');
  // The API names the whole environment "*", and a user by id or email.
  const share = useMutation({
    mutationFn: (subject: string) => api('PUT', `${base}/shares/${encodeURIComponent(subject)}`, { permission: 'use' }),
    onSuccess: async () => {
      setEmail('');
      await done();
    },
  });
  const unshare = useMutation({
    mutationFn: (s: Share) =>
      api(
        'DELETE',
        `${base}/shares/${encodeURIComponent(s.subject === 'environment' ? '*' : (s.userId ?? s.email ?? s.subject))}`,
      ),
    onSuccess: done,
  });
  if (shares.isPending) return <Loading label="Loading the sharing…" />;
  if (shares.error) return <ErrorNote error={shares.error} title="Could not load who the connector is shared with" />;
  const withEnvironment = shares.data.items.some((s) => s.subject === 'environment');
  return (
    <Card>
      {shares.data.items.length === 0 ? <p>Only its maker and the environment's administrators use it.</p> : null}
      {shares.data.items.length > 0 ? (
        <ScrollArea label="Shares">
          <Table aria-label="Shares" size="small" style={{ minWidth: 480 }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Shared with</TableHeaderCell>
                <TableHeaderCell>Permission</TableHeaderCell>
                <TableHeaderCell>Action</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shares.data.items.map((s) => (
                <TableRow key={s.subject}>
                  <TableCell>
                    {s.subject === 'environment' ? 'Everyone in the environment' : (s.email ?? s.subject)}
                  </TableCell>
                  <TableCell>
                    <Badge appearance="outline">{s.permission === 'edit' ? 'can edit' : 'can use'}</Badge>
                  </TableCell>
                  <TableCell>
                    {canChange ? (
                      <Button size="small" onClick={() => unshare.mutate(s)} disabled={unshare.isPending}>
                        Stop sharing
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      ) : null}
      <ErrorNote error={share.error ?? unshare.error} title="Could not change the sharing" />
      {canChange ? (
        <form
          style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'end' }}
          onSubmit={(e) => {
            e.preventDefault();
            if (email.trim()) share.mutate(email.trim());
          }}
        >
          <Field label="Share with a user (email)">
            <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} />
          </Field>
          <Button type="submit" disabled={share.isPending || !email.trim()}>
            Share
          </Button>
          {!withEnvironment ? (
            <Button onClick={() => share.mutate('*')} disabled={share.isPending}>
              Share with everyone in the environment
            </Button>
          ) : null}
          {share.isPending ? <Spinner size="tiny" label="Sharing…" /> : null}
        </form>
      ) : null}
    </Card>
  );
}
