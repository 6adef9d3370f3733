/** A table of operations: method, path, operationId and summary (and findings when known). */
import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { ConnectorOperation } from '../api/types.ts';
import { ScrollArea } from './ScrollArea.tsx';

export function OperationsTable({ operations, label }: { operations: ConnectorOperation[]; label: string }) {
  if (operations.length === 0) return <p>No operations.</p>;
  const withFindings = operations.some((op) => op.findings !== undefined);
  return (
    <ScrollArea label={label}>
      <Table aria-label={label} size="small" style={{ minWidth: 560 }}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Method</TableHeaderCell>
            <TableHeaderCell>Path</TableHeaderCell>
            <TableHeaderCell>Operation</TableHeaderCell>
            <TableHeaderCell>Summary</TableHeaderCell>
            {withFindings ? <TableHeaderCell>Findings</TableHeaderCell> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {operations.map((op) => (
            <TableRow key={`${op.method} ${op.path} ${op.operationId}`}>
              <TableCell>
                <Badge appearance="outline">{op.method.toUpperCase()}</Badge>
              </TableCell>
              <TableCell style={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>{op.path}</TableCell>
              <TableCell style={{ overflowWrap: 'anywhere' }}>
                {op.operationId}
                {op.deprecated ? ' (deprecated)' : ''}
              </TableCell>
              <TableCell>{op.summary ?? ''}</TableCell>
              {withFindings ? (
                <TableCell>
                  {(op.findings ?? []).length === 0
                    ? 'None'
                    : (op.findings ?? []).map((f) => (
                        <div key={`${f.rule}|${f.pointer}|${f.message}`}>
                          {f.severity}: {f.message}
                        </div>
                      ))}
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollArea>
  );
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Lists the operations of an OpenAPI document (any version) without resolving references. */
export function operationsOf(doc: unknown): ConnectorOperation[] {
  const paths = (doc as { paths?: Record<string, Record<string, unknown>> } | null)?.paths ?? {};
  const out: ConnectorOperation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!item || typeof item !== 'object') continue;
    for (const method of METHODS) {
      const op = item[method] as { operationId?: string; summary?: string; deprecated?: boolean } | undefined;
      if (!op || typeof op !== 'object') continue;
      out.push({ method, path, operationId: op.operationId ?? '', summary: op.summary, deprecated: op.deprecated });
    }
  }
  return out;
}
