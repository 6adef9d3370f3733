/** A page frame: the h1, optional actions beside it, and the content. */
import { makeStyles, Title2 } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: '12px', alignItems: 'center', justifyContent: 'space-between' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
  // minmax(0, 1fr): a wide table in a scroll area scrolls inside it instead of widening the page on a phone.
  body: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: '16px', marginTop: '12px' },
});

export function Page({ title, actions, children }: { title: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1">{title}</Title2>
        {actions ? <div className={styles.actions}>{actions}</div> : null}
      </div>
      <div className={styles.body}>{children}</div>
    </>
  );
}
