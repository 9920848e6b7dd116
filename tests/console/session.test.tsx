/** @jest-environment jsdom */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../console/src/api/errors';
import { ApiProvider } from '../../console/src/api/hooks';
import { SignIn } from '../../console/src/session/SignIn';
import { SessionProvider, useSession } from '../../console/src/session/session';
import { fakeApi } from './fake-api';

function SignedInAs() {
  const { session } = useSession();
  return <p>{session ? `signed in as ${session.email}` : 'signed out'}</p>;
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

test('signing in keeps the token in sessionStorage, never in localStorage', async () => {
  const user = userEvent.setup();
  const client = fakeApi({ Login: () => ({ login: { token: 'jwt.token.value', expiresAt: new Date(Date.now() + 3600_000).toISOString(), user: { id: 'usr_1', email: 'dev@example.com' } } }) });
  render(
    <SessionProvider>
      <ApiProvider client={client}>
        <SignIn />
        <SignedInAs />
      </ApiProvider>
    </SessionProvider>,
  );
  await user.type(screen.getByLabelText('Email'), 'dev@example.com');
  await user.type(screen.getByLabelText('Password'), 'Correct-horse-battery-1');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));

  await screen.findByText('signed in as dev@example.com');
  expect(client.calls[0]).toEqual({ operation: 'Login', variables: { email: 'dev@example.com', password: 'Correct-horse-battery-1' } });
  expect(localStorage.length).toBe(0);
  expect(sessionStorage.getItem('keyward.session')).toContain('jwt.token.value');
  expect(sessionStorage.getItem('keyward.session')).not.toContain('Correct-horse');
});

test('a failed sign-in says why, with the code', async () => {
  const user = userEvent.setup();
  const client = fakeApi({
    Login: () => {
      throw new ApiError('Wrong email or password', 'UNAUTHENTICATED');
    },
  });
  render(
    <SessionProvider>
      <ApiProvider client={client}>
        <SignIn />
      </ApiProvider>
    </SessionProvider>,
  );
  await user.type(screen.getByLabelText('Email'), 'dev@example.com');
  await user.type(screen.getByLabelText('Password'), 'nope');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Wrong email or password. Not signed in: the credentials were refused, or the session has ended. (UNAUTHENTICATED)'));
  expect(sessionStorage.length).toBe(0);
});

test('an expired stored session is not used', () => {
  sessionStorage.setItem('keyward.session', JSON.stringify({ token: 't', email: 'a@b.c', expiresAt: new Date(Date.now() - 1000).toISOString() }));
  render(
    <SessionProvider>
      <SignedInAs />
    </SessionProvider>,
  );
  expect(screen.getByText('signed out')).toBeTruthy();
});
