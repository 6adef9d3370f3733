/**
 * "Update available" for a connector made from an API app: the badge on the connector page, and the tab with
 * the diff (breaking changes first), the impact on connections, each conflict with a keep-mine / take-theirs
 * choice, and the Update button that makes the new connector version.
 */
import {
  Badge,
  Button,
  Caption1,
  Card,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
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
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Loading } from '../components/Loading.tsx';
import { ScrollArea } from '../components/ScrollArea.tsx';

type Choice = 'keep-mine' | 'take-theirs';

export interface SourceChange {
  kind: string;
  classification: 'breaking' | 'non-breaking' | 'unknown' | string;
  breaking: boolean;
  operationId?: string;
  method?: string;
  path?: string;
  message: string;
}

export interface UpdateConflict {
  pointer: string;
  kind: string;
  where: string;
  operationId?: string;
  mine: unknown;
  theirs: unknown;
  base: unknown;
  message: string;
}

interface ImpactOperation {
  operationId: string;
  breaking: boolean;
  changes: number;
  calls: number;
  connections: Array<{ connectionId: string; displayName?: string | null; calls: number; lastUsedAt?: string | null }>;
}

export interface SourceUpdateView {
  linked: boolean;
  reason?: string;
  app?: { id: string; name: string };
  connectorVersion?: number;
  baseRevision?: { id: string; number: number };
  latestRevision?: { id: string; number: number };
  updateAvailable: boolean;
  autoUpdate: boolean;
  summary?: { breaking: number; nonBreaking: number; unknown: number };
  headline?: string;
  breakingChanges?: string[];
  changes?: SourceChange[];
  impact?: { operations: ImpactOperation[]; connections: number; brokenConnections: number };
  customisations?: number;
  conflicts?: UpdateConflict[];
}

interface UpdateApplied {
  name: string;
  version: number;
  customisationsKept?: number;
  conflictsResolved?: number;
}

/** The source-update view of a connector (cached under ['connector-update', base]). */
export function useSourceUpdate(base: string, enabled: boolean) {
  return useQuery({
    queryKey: ['connector-update', base],
    enabled,
    queryFn: () => api<SourceUpdateView>('GET', `${base}/update`),
  });
}

/** The badge next to the connector's name: shown only when its API app has a newer revision. */
export function UpdateBadge({ view, onOpen }: { view: SourceUpdateView | undefined; onOpen: () => void }) {
  if (!view?.updateAvailable) return null;
  const breaking = view.summary?.breaking ?? 0;
  return (
    <Button size="small" appearance="transparent" onClick={onOpen} style={{ padding: 0, minWidth: 0 }}>
      <Badge appearance="filled" color={breaking > 0 ? 'danger' : 'important'}>
        Update available{breaking > 0 ? ` · ${breaking} breaking` : ''}
      </Badge>
    </Button>
  );
}

const RANK: Record<string, number> = { breaking: 0, unknown: 1 };
const rank = (c: SourceChange) => (c.breaking ? 0 : (RANK[c.classification] ?? 2));

const shortValue = (value: unknown): string => {
  if (value === null || value === undefined) return '(nothing)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** The tab: what changed at the source, who it hits, the conflicts to settle, and the Update button. */
export function SourceUpdateTab({ base, canChange }: { base: string; canChange: boolean }) {
  const client = useQueryClient();
  const view = useSourceUpdate(base, true);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const apply = useMutation({
    mutationFn: () =>
      api<UpdateApplied>('POST', `${base}/update`, {
        resolutions: Object.entries(choices).map(([pointer, choice]) => ({ pointer, choice })),
      }),
    onSuccess: async () => {
      setChoices({});
      await client.invalidateQueries({ queryKey: ['connector'] });
      await client.invalidateQueries({ queryKey: ['connector-versions', base] });
      await client.invalidateQueries({ queryKey: ['connector-update', base] });
    },
  });
  if (view.isPending) return <Loading label="Checking the API app for changes…" />;
  if (view.error) return <ErrorNote error={view.error} title="Could not check for an update" />;
  const v = view.data;
  if (!v.linked) return <p>{v.reason ?? 'This connector is not linked to an API app.'}</p>;
  const changes = [...(v.changes ?? [])].sort((a, b) => rank(a) - rank(b));
  const conflicts = v.conflicts ?? [];
  const unresolved = conflicts.filter((c) => !choices[c.pointer]).length;
  const operations = (v.impact?.operations ?? []).filter((o) => o.calls > 0 || o.connections.length > 0);
  return (
    <Card>
      {apply.data ? (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            Updated: version {apply.data.version} is now current
            {apply.data.customisationsKept ? `, ${apply.data.customisationsKept} customisation(s) kept` : ''}
            {apply.data.conflictsResolved ? `, ${apply.data.conflictsResolved} conflict(s) settled` : ''}.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <MessageBar
        layout="multiline"
        intent={v.updateAvailable ? ((v.summary?.breaking ?? 0) > 0 ? 'warning' : 'info') : 'success'}
      >
        <MessageBarBody>
          <MessageBarTitle>{v.updateAvailable ? 'Update available' : 'Up to date'}</MessageBarTitle>
          {v.headline}
        </MessageBarBody>
      </MessageBar>
      <Caption1>
        API app "{v.app?.name}": this version was made from revision {v.baseRevision?.number}; the app's current
        revision is {v.latestRevision?.number}. {v.customisations ?? 0} customisation(s) of the connector are carried
        over.
      </Caption1>
      {v.updateAvailable ? (
        <>
          <section aria-labelledby="update-changes">
            <Subtitle2 as="h2" id="update-changes">
              Changes ({v.summary?.breaking ?? 0} breaking, {v.summary?.unknown ?? 0} to review,{' '}
              {v.summary?.nonBreaking ?? 0} non-breaking)
            </Subtitle2>
            {changes.length === 0 ? <p>No change to the operations.</p> : null}
            <ul aria-label="Changes" style={{ paddingInlineStart: 20, margin: '8px 0' }}>
              {changes.map((c) => (
                <li
                  key={`${c.kind}|${c.operationId}|${c.message}`}
                  style={{ overflowWrap: 'anywhere', marginBlock: 4 }}
                >
                  <Badge
                    appearance="tint"
                    color={c.breaking ? 'danger' : c.classification === 'unknown' ? 'warning' : 'success'}
                  >
                    {c.breaking ? 'breaking' : c.classification === 'unknown' ? 'to review' : 'non-breaking'}
                  </Badge>{' '}
                  {c.message}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="update-impact">
            <Subtitle2 as="h2" id="update-impact">
              Impact
            </Subtitle2>
            <p>
              {v.impact?.connections ?? 0} connection(s) called a changed operation in the last 30 days;{' '}
              {v.impact?.brokenConnections ?? 0} of them called one with a breaking change.
            </p>
            {operations.length > 0 ? (
              <ScrollArea label="Impact on connections">
                <Table aria-label="Impact" size="small" style={{ minWidth: 420 }}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Operation</TableHeaderCell>
                      <TableHeaderCell>Calls (30 days)</TableHeaderCell>
                      <TableHeaderCell>Connections</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {operations.map((o) => (
                      <TableRow key={o.operationId}>
                        <TableCell>
                          {o.operationId} {o.breaking ? <Badge color="danger">breaking</Badge> : null}
                        </TableCell>
                        <TableCell>{o.calls}</TableCell>
                        <TableCell>
                          {o.connections.map((c) => `${c.displayName ?? c.connectionId} (${c.calls})`).join(', ') ||
                            '—'}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </ScrollArea>
            ) : null}
          </section>
          {conflicts.length > 0 ? (
            <section aria-labelledby="update-conflicts">
              <Subtitle2 as="h2" id="update-conflicts">
                Conflicts ({conflicts.length}): choose for each
              </Subtitle2>
              {conflicts.map((c) => (
                <fieldset
                  key={c.pointer}
                  // A fieldset is as wide as its content by default; on a phone it has to wrap instead.
                  style={{ border: '1px solid #d1d1d1', borderRadius: 4, margin: '8px 0', minWidth: 0 }}
                >
                  <legend style={{ overflowWrap: 'anywhere' }}>{c.where}</legend>
                  <p style={{ margin: '4px 0', overflowWrap: 'anywhere' }}>{c.message}</p>
                  <RadioGroup
                    aria-label={`Resolution for ${c.where}`}
                    value={choices[c.pointer] ?? ''}
                    onChange={(_, d) => setChoices({ ...choices, [c.pointer]: d.value as Choice })}
                  >
                    <Radio
                      value="keep-mine"
                      label={{ children: `Keep mine: ${shortValue(c.mine)}`, style: { overflowWrap: 'anywhere' } }}
                    />
                    <Radio
                      value="take-theirs"
                      label={{ children: `Take theirs: ${shortValue(c.theirs)}`, style: { overflowWrap: 'anywhere' } }}
                    />
                  </RadioGroup>
                </fieldset>
              ))}
            </section>
          ) : null}
          <ErrorNote error={apply.error} title="Could not update the connector" />
          {canChange ? (
            <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
              <Button appearance="primary" disabled={apply.isPending || unresolved > 0} onClick={() => apply.mutate()}>
                {apply.isPending ? <Spinner size="tiny" label="Updating…" /> : 'Update'}
              </Button>
              {unresolved > 0 ? <Caption1>Choose for {unresolved} conflict(s) first.</Caption1> : null}
            </div>
          ) : (
            <p>Ask the connector's maker to update it.</p>
          )}
        </>
      ) : null}
    </Card>
  );
}
