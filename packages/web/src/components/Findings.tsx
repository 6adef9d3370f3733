/**
 * Validation findings grouped by severity, each with its JSON Pointer, line and the fix when one exists. Long
 * lists get a severity filter and a text search, start with their groups collapsed and show a page at a time.
 */
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Select,
  Subtitle2,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { filterFindings, type LabelledFinding, type Severity, searchWords, severityOf } from './findings-filter.ts';

export type { LabelledFinding } from './findings-filter.ts';

const useStyles = makeStyles({
  group: { marginBlock: '12px' },
  summary: { cursor: 'pointer', paddingBlock: '4px' },
  list: { listStyle: 'none', padding: 0, margin: 0, display: 'grid', gap: '8px' },
  item: {
    borderLeftWidth: '4px',
    borderLeftStyle: 'solid',
    borderLeftColor: tokens.colorNeutralStroke1,
    padding: '6px 10px',
    backgroundColor: tokens.colorNeutralBackground2,
    overflowWrap: 'anywhere',
  },
  error: { borderLeftColor: tokens.colorStatusDangerBorderActive },
  warning: { borderLeftColor: tokens.colorPaletteMarigoldBorder2 },
  info: { borderLeftColor: tokens.colorNeutralStroke1 },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  filters: { display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'end' },
  search: { minWidth: '0', flexGrow: 1, maxWidth: '360px' },
});

const SEVERITIES = [
  { key: 'error', title: 'Errors', color: 'danger' },
  { key: 'warning', title: 'Warnings', color: 'warning' },
  { key: 'info', title: 'Information', color: 'informative' },
] as const;

/** Above this many findings the filters show and the groups start collapsed. */
export const LONG_LIST = 12;
/** How many findings a group shows before "Show more". */
const PAGE = 50;

/** Findings by severity; with more than LONG_LIST of them, filterable, searchable and collapsed. */
export function Findings({ findings, empty }: { findings: LabelledFinding[]; empty: string }) {
  const styles = useStyles();
  const [severity, setSeverity] = useState<'all' | Severity>('all');
  const [query, setQuery] = useState('');
  if (findings.length === 0) return <p>{empty}</p>;
  const long = findings.length > LONG_LIST;
  const words = searchWords(query);
  const shown = filterFindings(findings, { severity, query });
  return (
    <div>
      {long ? (
        <search className={styles.filters} aria-label="Filter the findings">
          <Field label="Severity">
            <Select value={severity} onChange={(_, d) => setSeverity(d.value as 'all' | Severity)}>
              <option value="all">All severities</option>
              {SEVERITIES.map((s) => (
                <option key={s.key} value={s.key}>
                  Only {s.title.toLowerCase()}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Search the findings" className={styles.search}>
            <Input
              type="search"
              value={query}
              placeholder="Message, rule or pointer"
              onChange={(_, d) => setQuery(d.value)}
            />
          </Field>
          <Caption1 role="status">
            {shown.length === findings.length
              ? `${findings.length} findings`
              : `${shown.length} of ${findings.length} findings shown`}
          </Caption1>
        </search>
      ) : null}
      {long && shown.length === 0 ? <p>No finding matches the filter.</p> : null}
      {SEVERITIES.map(({ key, title, color }) => {
        const group = shown.filter((f) => severityOf(f) === key);
        if (group.length === 0) return null;
        const heading = (
          <Subtitle2 key="heading" as="h3" style={{ display: 'inline' }}>
            {title}{' '}
            <Badge appearance="tint" color={color}>
              {group.length}
            </Badge>
          </Subtitle2>
        );
        const items = <FindingList key="list" findings={group} severity={key} />;
        return long ? (
          // Collapsed until opened, except when a filter or search narrowed the list down.
          <details
            key={`${key}|${severity}|${words.length > 0}`}
            className={styles.group}
            open={severity !== 'all' || words.length > 0 ? true : undefined}
            aria-label={`${title} (${group.length})`}
          >
            <summary className={styles.summary}>{heading}</summary>
            {items}
          </details>
        ) : (
          <section key={key} className={styles.group} aria-label={`${title} (${group.length})`}>
            {heading}
            {items}
          </section>
        );
      })}
    </div>
  );
}

function FindingList({ findings, severity }: { findings: LabelledFinding[]; severity: Severity }) {
  const styles = useStyles();
  const [limit, setLimit] = useState(PAGE);
  return (
    <>
      <ul className={styles.list}>
        {findings.slice(0, limit).map((f) => (
          <li
            key={`${f.rule}|${f.pointer}|${f.line}|${f.message}|${f.profile}`}
            className={mergeClasses(styles.item, styles[severity])}
          >
            <div>{f.message}</div>
            <Caption1>
              {f.profile ? `${f.profile} · ` : ''}
              {f.rule ? <span className={styles.code}>{f.rule}</span> : null}
              {f.pointer !== undefined ? (
                <>
                  {' · at '}
                  <span className={styles.code}>{f.pointer || '/'}</span>
                </>
              ) : null}
              {f.line ? ` · line ${f.line}${f.column ? `, column ${f.column}` : ''}` : ''}
            </Caption1>
            {f.fix ? (
              <div>
                <Caption1>Fix: {f.fix}</Caption1>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {findings.length > limit ? (
        <Button appearance="subtle" onClick={() => setLimit(limit + PAGE)}>
          Show {Math.min(PAGE, findings.length - limit)} more of {findings.length - limit}
        </Button>
      ) : null}
    </>
  );
}
