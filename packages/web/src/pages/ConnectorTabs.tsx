/** The connector page's Update (new definition → new version) and Sharing tabs. */
import {
  Badge,
  Button,
  Card,
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
import type { Connector, Items } from '../api/types.ts';
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

/** Upload a new definition or package: the connector gets a new version, the previous ones stay listed. */
export function UpdateTab({ base }: { base: string }) {
  const client = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const update = useMutation({
    mutationFn: async () => api<Connector>('PUT', base, await uploadBody(files)),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['connector'] });
      await client.invalidateQueries({ queryKey: ['connector-versions', base] });
    },
  });
  return (
    <Card>
      <p>
        Upload a new OpenAPI document or connector package. Portico makes a new version; the earlier versions stay
        listed under Versions and can be restored.
      </p>
      <FileDrop label="Choose files" accept=".json,.yaml,.yml,.zip,.png" multiple files={files} onFiles={setFiles} />
      <ErrorNote error={update.error} title="Could not update the connector" />
      {update.data ? (
        <MessageBar intent="success">
          <MessageBarBody>Updated: version {update.data.version ?? ''} is now current.</MessageBarBody>
        </MessageBar>
      ) : null}
      <div>
        <Button appearance="primary" disabled={files.length === 0 || update.isPending} onClick={() => update.mutate()}>
          {update.isPending ? <Spinner size="tiny" label="Updating…" /> : 'Update connector'}
        </Button>
      </div>
    </Card>
  );
}

/** Who may use the connector besides its maker: the whole environment, or single users. */
export function SharingTab({ base, canChange }: { base: string; canChange: boolean }) {
  const client = useQueryClient();
  const shares = useQuery({ queryKey: ['shares', base], queryFn: () => api<Items<Share>>('GET', `${base}/shares`) });
  const done = () => client.invalidateQueries({ queryKey: ['shares', base] });
  const share = useMutation({
    mutationFn: () => api('PUT', `${base}/shares/environment`, { permission: 'use' }),
    onSuccess: done,
  });
  const unshare = useMutation({
    mutationFn: (subject: string) => api('DELETE', `${base}/shares/${encodeURIComponent(subject)}`),
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
                      <Button size="small" onClick={() => unshare.mutate(s.subject)} disabled={unshare.isPending}>
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
      {canChange && !withEnvironment ? (
        <div>
          <Button onClick={() => share.mutate()} disabled={share.isPending}>
            {share.isPending ? <Spinner size="tiny" label="Sharing…" /> : 'Share with everyone in the environment'}
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
