/** The frame of every signed-in page: header (navigation, environment switcher, user, sign out) and main. */
import { Button, makeStyles, mergeClasses, Select, Text, tokens } from '@fluentui/react-components';
import { SignOutRegular } from '@fluentui/react-icons';
import { useId } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../session.tsx';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: '8px 20px',
    padding: '8px 20px',
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase500,
    color: tokens.colorNeutralForegroundOnBrand,
    textDecoration: 'none',
  },
  nav: { display: 'flex', flexWrap: 'wrap', gap: '4px 16px', flexGrow: 1 },
  link: {
    color: tokens.colorNeutralForegroundOnBrand,
    textDecoration: 'none',
    padding: '6px 2px',
    borderBottomWidth: '2px',
    borderBottomStyle: 'solid',
    borderBottomColor: 'transparent',
    ':hover': { borderBottomColor: tokens.colorNeutralForegroundOnBrand },
  },
  active: { borderBottomColor: tokens.colorNeutralForegroundOnBrand, fontWeight: tokens.fontWeightSemibold },
  tools: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px 12px' },
  envLabel: { color: tokens.colorNeutralForegroundOnBrand },
  main: { padding: '20px', maxWidth: '1200px', margin: '0 auto', boxSizing: 'border-box', width: '100%' },
});

export function Layout() {
  const styles = useStyles();
  const { me, environments, environment, setEnvironment } = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const envId = useId();
  const link = ({ isActive }: { isActive: boolean }) => mergeClasses(styles.link, isActive && styles.active);
  return (
    <>
      <header className={styles.header}>
        <NavLink to="/apps" className={styles.brand}>
          Portico
        </NavLink>
        <nav aria-label="Main" className={styles.nav}>
          <NavLink to="/apps" className={link}>
            API apps
          </NavLink>
          <NavLink to="/connectors" className={link}>
            Custom connectors
          </NavLink>
          <NavLink to="/connections" className={link}>
            Connections
          </NavLink>
        </nav>
        <div className={styles.tools}>
          <label htmlFor={envId} className={styles.envLabel}>
            Environment
          </label>
          <Select id={envId} value={environment} onChange={(_, data) => setEnvironment(data.value)} size="small">
            {environments.map((e) => (
              <option key={e.name} value={e.name}>
                {e.displayName || e.name}
              </option>
            ))}
          </Select>
          <Text className={styles.envLabel} aria-label="Signed in as">
            {me.user.displayName || me.user.email}
          </Text>
          <Button
            size="small"
            icon={<SignOutRegular />}
            onClick={async () => {
              await signOut();
              navigate('/signin');
            }}
          >
            Sign out
          </Button>
        </div>
      </header>
      <main className={styles.main}>
        <Outlet />
      </main>
    </>
  );
}
