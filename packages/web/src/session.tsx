/**
 * Who is signed in and which environment the portal works in. The user comes from GET /api/v1/me; the
 * chosen environment is remembered in localStorage and offered from the user's environments.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { api } from './api/client.ts';
import { needsSignIn } from './api/errors.ts';
import type { Environment, Items, Me } from './api/types.ts';

const ENV_KEY = 'portico.environment';

export interface SessionValue {
  me: Me;
  environments: Environment[];
  environment: string;
  /** The caller's role in the chosen environment (admins count as admin everywhere). */
  role: Environment['role'];
  setEnvironment(name: string): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in session; only inside <SessionProvider>. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession is used outside <SessionProvider>');
  return value;
}

/** The "who am I" query: null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('GET', '/api/v1/me');
      } catch (err) {
        if (needsSignIn(err)) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** Signs out and forgets every cached answer. */
export function useSignOut() {
  const client = useQueryClient();
  return useCallback(async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    client.clear();
    client.setQueryData(['me'], null);
  }, [client]);
}

export function SessionProvider({ me, children }: { me: Me; children: ReactNode }) {
  const envs = useQuery({
    queryKey: ['environments'],
    queryFn: () => api<Items<Environment>>('GET', '/api/v1/environments'),
  });
  const environments = useMemo<Environment[]>(() => {
    const fromMe = me.environments.map((e) => ({
      id: e.name,
      name: e.name,
      displayName: e.displayName ?? e.name,
      role: e.role,
    }));
    const listed = envs.data?.items ?? [];
    const byName = new Map<string, Environment>();
    for (const e of [...fromMe, ...listed])
      byName.set(e.name, { ...byName.get(e.name), ...e, role: e.role ?? byName.get(e.name)?.role });
    return [...byName.values()];
  }, [me, envs.data]);
  const [chosen, setChosen] = useState<string | null>(() => window.localStorage.getItem(ENV_KEY));
  const environment =
    environments.find((e) => e.name === chosen)?.name ??
    environments.find((e) => e.name === 'default')?.name ??
    environments[0]?.name ??
    'default';
  const role = me.user.admin ? 'admin' : environments.find((e) => e.name === environment)?.role;
  const setEnvironment = useCallback((name: string) => {
    window.localStorage.setItem(ENV_KEY, name);
    setChosen(name);
  }, []);
  const value = useMemo(
    () => ({ me, environments, environment, role, setEnvironment }),
    [me, environments, environment, role, setEnvironment],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
