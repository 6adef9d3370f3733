/** Validation findings grouped by severity, each with its JSON Pointer, line and the fix when one exists. */
import { Badge, Caption1, makeStyles, mergeClasses, Subtitle2, tokens } from '@fluentui/react-components';
import type { Finding } from '../api/types.ts';

const useStyles = makeStyles({
  group: { marginBlock: '12px' },
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
});

const SEVERITIES = [
  { key: 'error', title: 'Errors', color: 'danger' },
  { key: 'warning', title: 'Warnings', color: 'warning' },
  { key: 'info', title: 'Information', color: 'informative' },
] as const;

export interface LabelledFinding extends Partial<Finding> {
  /** Which check found it, e.g. "OpenAPI" or "Power Platform". */
  profile?: string;
}

export function Findings({ findings, empty }: { findings: LabelledFinding[]; empty: string }) {
  const styles = useStyles();
  if (findings.length === 0) return <p>{empty}</p>;
  return (
    <div>
      {SEVERITIES.map(({ key, title, color }) => {
        const group = findings.filter((f) => (f.severity ?? 'info') === key);
        if (group.length === 0) return null;
        return (
          <section key={key} className={styles.group} aria-label={`${title} (${group.length})`}>
            <Subtitle2 as="h3">
              {title}{' '}
              <Badge appearance="tint" color={color}>
                {group.length}
              </Badge>
            </Subtitle2>
            <ul className={styles.list}>
              {group.map((f) => (
                <li
                  key={`${f.rule}|${f.pointer}|${f.line}|${f.message}`}
                  className={mergeClasses(styles.item, styles[key])}
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
          </section>
        );
      })}
    </div>
  );
}
