/** Sign in with email and password; goes back to the page that asked for it. */
import { Button, Card, Field, Input, makeStyles, Spinner, Title2 } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import type { User } from '../api/types.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';

const useStyles = makeStyles({
  page: { display: 'grid', placeItems: 'center', minHeight: '100vh', padding: '16px', boxSizing: 'border-box' },
  card: { width: '100%', maxWidth: '380px', padding: '24px' },
  form: { display: 'grid', gap: '16px' },
});

export function SignIn() {
  const styles = useStyles();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useMutation({
    mutationFn: () => api<{ user: User }>('POST', '/api/v1/auth/login', { email, password }),
    onSuccess: async () => {
      client.clear();
      await client.invalidateQueries({ queryKey: ['me'] });
      const next = params.get('next');
      navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/apps', { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <form className={styles.form} onSubmit={submit}>
          <Title2 as="h1">Sign in to Portico</Title2>
          <Field label="Email" required>
            <Input type="email" autoComplete="username" value={email} onChange={(_, d) => setEmail(d.value)} />
          </Field>
          <Field label="Password" required>
            <Input
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(_, d) => setPassword(d.value)}
            />
          </Field>
          <ErrorNote error={login.error} title="Could not sign in" />
          <Button appearance="primary" type="submit" disabled={login.isPending}>
            {login.isPending ? <Spinner size="tiny" label="Signing in…" /> : 'Sign in'}
          </Button>
        </form>
      </Card>
    </main>
  );
}
