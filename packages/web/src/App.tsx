/** Routes of the portal; every page but sign-in needs a session. */
import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorNote } from './components/ErrorNote.tsx';
import { Layout } from './components/Layout.tsx';
import { Loading } from './components/Loading.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { SessionProvider, useMe } from './session.tsx';

// Pages load on first visit, so signing in does not wait for the whole portal.
const AppDetail = lazy(() => import('./pages/AppDetail.tsx').then((m) => ({ default: m.AppDetail })));
const AppsList = lazy(() => import('./pages/AppsList.tsx').then((m) => ({ default: m.AppsList })));
const ConnectionsPage = lazy(() => import('./pages/Connections.tsx').then((m) => ({ default: m.ConnectionsPage })));
const ConnectorDetail = lazy(() => import('./pages/ConnectorDetail.tsx').then((m) => ({ default: m.ConnectorDetail })));
const ConnectorsList = lazy(() => import('./pages/ConnectorsList.tsx').then((m) => ({ default: m.ConnectorsList })));
const NewConnectorWizard = lazy(() =>
  import('./pages/NewConnectorWizard.tsx').then((m) => ({ default: m.NewConnectorWizard })),
);
const NotFound = lazy(() => import('./pages/NotFound.tsx').then((m) => ({ default: m.NotFound })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading label="Loading the page…" />}>{children}</Suspense>;
}

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
        <Route
          path="/apps"
          element={
            <Lazy>
              <AppsList />
            </Lazy>
          }
        />
        <Route
          path="/apps/:name"
          element={
            <Lazy>
              <AppDetail />
            </Lazy>
          }
        />
        <Route
          path="/connectors"
          element={
            <Lazy>
              <ConnectorsList />
            </Lazy>
          }
        />
        <Route
          path="/connectors/new"
          element={
            <Lazy>
              <NewConnectorWizard />
            </Lazy>
          }
        />
        <Route
          path="/connectors/:name"
          element={
            <Lazy>
              <ConnectorDetail />
            </Lazy>
          }
        />
        <Route
          path="/connections"
          element={
            <Lazy>
              <ConnectionsPage />
            </Lazy>
          }
        />
        <Route
          path="*"
          element={
            <Lazy>
              <NotFound />
            </Lazy>
          }
        />
      </Route>
    </Routes>
  );
}
