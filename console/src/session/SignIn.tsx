import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { LoginDocument } from '../gql/graphql';
import { TextField } from '../ui/fields';
import { Link, paths } from '../routing/router';
import { ErrorNotice } from '../ui/feedback';
import { useSession } from './session';

export function SignIn() {
  const { signIn } = useSession();
  const login = useMutation(LoginDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await login.run({ email, password });
    if (result) signIn({ token: result.login.token, expiresAt: result.login.expiresAt, email: result.login.user.email });
  };

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <p className="brand">Keyward</p>
        <h1 id="sign-in-title">Sign in to the console</h1>
        <TextField label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={login.error?.fieldMessage('email')} />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={login.error?.fieldMessage('password')}
        />
        <ErrorNotice error={login.error} />
        <button type="submit" disabled={login.pending}>
          {login.pending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="footnote">
          Received a temporary key (<code>tk_…</code>)? <Link href={paths.exchange()}>Exchange it for a permanent key</Link>.
        </p>
      </form>
    </main>
  );
}
