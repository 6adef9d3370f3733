/** Routes of the portal; every page but sign-in needs a session. */
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorNote } from './components/ErrorNote.tsx';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Loading.tsx';
import { AppDetail } from './pages/AppDetail.tsx';
import { AppsList } from './pages/AppsList.tsx';
import { ConnectionsPage } from './pages/Connections.tsx';
import { ConnectorDetail } from './pages/ConnectorDetail.tsx';
import { ConnectorsList } from './pages/ConnectorsList.tsx';
import { NewConnectorWizard } from './pages/NewConnectorWizard.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { SessionProvider, useMe } from './session.tsx';

function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return (
      <main style={{ padding: 20 }}>
        <Loading label="Loading Portico…" />
      </main>
    );
  }
  if (me.error) {
    return (
      <main style={{ padding: 20 }}>
        <ErrorNote error={me.error} title="Could not reach Portico" />
      </main>
    );
  }
  if (!me.data)
    return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <SessionProvider me={me.data}>
      <Layout />
    </SessionProvider>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      <Route element={<RequireSession />}>
        <Route index element={<Navigate to="/apps" replace />} />
        <Route path="/apps" element={<AppsList />} />
        <Route path="/apps/:name" element={<AppDetail />} />
        <Route path="/connectors" element={<ConnectorsList />} />
        <Route path="/connectors/new" element={<NewConnectorWizard />} />
        <Route path="/connectors/:name" element={<ConnectorDetail />} />
        <Route path="/connections" element={<ConnectionsPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
