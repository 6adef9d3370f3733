/** A page frame: the h1, optional actions beside it, and the content. */
import { makeStyles, Title2 } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  head: { display: 'flex', flexWrap: 'wrap', gap: '12px', alignItems: 'center', justifyContent: 'space-between' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '8px' },
  body: { display: 'grid', gap: '16px', marginTop: '12px' },
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
