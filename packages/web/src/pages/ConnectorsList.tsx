/** Connectors of the current environment, custom and built-in, with icon colour, auth type and version. */
import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api, seg } from '../api/client.ts';
import type { ConnectorSummary, Items } from '../api/types.ts';
import { authTypeName } from '../components/AuthFields.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Loading } from '../components/Loading.tsx';
import { Page } from '../components/Page.tsx';
import { ScrollArea } from '../components/ScrollArea.tsx';
import { useSession } from '../session.tsx';

/** The connector's brand colour as a small square (what Power Platform shows behind the icon). */
export function ColourSwatch({ colour }: { colour?: string | null }) {
  return (
    <span
      role="img"
      aria-label={`Icon colour ${colour ?? 'none'}`}
      style={{
        display: 'inline-block',
        width: 20,
        height: 20,
        borderRadius: 4,
        verticalAlign: 'middle',
        flexShrink: 0,
        background: colour ?? '#8a8886',
        border: '1px solid rgba(0,0,0,0.2)',
      }}
    />
  );
}

export function ConnectorsList() {
  const { environment, role } = useSession();
  const navigate = useNavigate();
  const connectors = useQuery({
    queryKey: ['connectors', environment],
    queryFn: () => api<Items<ConnectorSummary>>('GET', `/api/v1/environments/${seg(environment)}/connectors`),
  });
  const canCreate = role === 'maker' || role === 'admin';
  return (
    <Page
      title="Custom connectors"
      actions={
        <Button
          appearance="primary"
          icon={<AddRegular />}
          disabled={!canCreate}
          title={canCreate ? undefined : 'Creating connectors needs the maker role in this environment.'}
          onClick={() => navigate('/connectors/new')}
        >
          New custom connector
        </Button>
      }
    >
      {connectors.isPending ? <Loading label="Loading connectors…" /> : null}
      <ErrorNote error={connectors.error} title={`Could not load the connectors of ${environment}`} />
      {connectors.data && connectors.data.items.length === 0 ? <p>No connectors in this environment yet.</p> : null}
      {connectors.data && connectors.data.items.length > 0 ? (
        <ScrollArea label="Connectors">
          <Table aria-label="Connectors" style={{ minWidth: 560 }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Type</TableHeaderCell>
                <TableHeaderCell>Authentication</TableHeaderCell>
                <TableHeaderCell>Version</TableHeaderCell>
                <TableHeaderCell>Operations</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {connectors.data.items.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
                      <ColourSwatch colour={c.iconBrandColor} />
                      <Link to={`/connectors/${seg(c.name)}`} style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
                        {c.displayName || c.name}
                      </Link>
                    </span>
                  </TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={c.builtIn ? 'informative' : 'brand'}>
                      {c.builtIn ? 'Built-in' : 'Custom'}
                    </Badge>
                  </TableCell>
                  <TableCell>{authTypeName(c.authType)}</TableCell>
                  <TableCell>{c.version ?? '—'}</TableCell>
                  <TableCell>{c.operationCount ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      ) : null}
    </Page>
  );
}
