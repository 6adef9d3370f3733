/** A badge saying how an API app's current definition fares: errors, warnings, or ready. */
import { Badge } from '@fluentui/react-components';
import type { ApiApp } from '../api/types.ts';

export function DefinitionStatus({ app }: { app: ApiApp }) {
  if (app.fetch?.error && !app.definition) return <Badge color="danger">Fetch failed</Badge>;
  const d = app.definition;
  if (!d) return <Badge color="subtle">No definition</Badge>;
  const errors = (d.openapi?.errors ?? 0) + (d.powerplatform?.errors ?? 0);
  const warnings = (d.openapi?.warnings ?? 0) + (d.powerplatform?.warnings ?? 0);
  if (errors > 0) return <Badge color="danger">{plural(errors, 'error')}</Badge>;
  if (warnings > 0) return <Badge color="warning">{plural(warnings, 'warning')}</Badge>;
  return <Badge color="success">Valid</Badge>;
}

/** "1 error", "3 errors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
