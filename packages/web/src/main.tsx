/** Entry point: Fluent theme, query cache (sessions that end send the user to sign in), router. */
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { ApiError } from './api/client.ts';
import { needsSignIn } from './api/errors.ts';

const client: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err) => onApiError(err) }),
  mutationCache: new MutationCache({ onError: (err) => onApiError(err) }),
  defaultOptions: {
    queries: {
      // Client errors will not change on retry; network trouble might.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

function onApiError(err: unknown) {
  // A session that ended mid-way: forget the user, and the router sends them to sign in.
  if (needsSignIn(err) && window.location.pathname !== '/signin') client.setQueryData(['me'], null);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <QueryClientProvider client={client}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </FluentProvider>
  </StrictMode>,
);
