import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors';
import { useMutation } from '../api/hooks';
import { CompleteLoginDocument, LoginDocument, type SecondFactorKind } from '../gql/graphql';
import { TextField } from '../ui/fields';
import { Link, paths } from '../routing/router';
import { ErrorNotice } from '../ui/feedback';
import { useSession } from './session';

interface SecondStep {
  readonly challenge: string;
  readonly email: string;
  readonly kinds: readonly SecondFactorKind[];
  readonly webauthnOptions: Record<string, unknown> | null;
}

/** Email and password; then, for a user with a second factor, the code, recovery code or passkey (SPEC 10). */
export function SignIn() {
  const { signIn } = useSession();
  const login = useMutation(LoginDocument);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<SecondStep | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await login.run({ email, password });
    if (!result) return;
    const { token, expiresAt, user, mfaRequired, challenge, secondFactorKinds, webauthnOptions } = result.login;
    setPassword('');
    if (mfaRequired && challenge) setStep({ challenge, email: user.email, kinds: secondFactorKinds, webauthnOptions });
    else if (token && expiresAt) signIn({ token, expiresAt, email: user.email });
  };

  if (step) return <SecondFactorStep step={step} onRestart={() => setStep(null)} />;

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

function SecondFactorStep({ step, onRestart }: { step: SecondStep; onRestart: () => void }) {
  const { signIn } = useSession();
  const complete = useMutation(CompleteLoginDocument);
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [passkeyError, setPasskeyError] = useState<ApiError | null>(null);
  const hasTotp = step.kinds.includes('TOTP');

  const finish = async (proof: { code?: string; recoveryCode?: string; webauthnResponse?: Record<string, unknown> }) => {
    const result = await complete.run({ challenge: step.challenge, code: proof.code ?? null, recoveryCode: proof.recoveryCode ?? null, webauthnResponse: proof.webauthnResponse ?? null });
    const { token, expiresAt, user } = result?.completeLogin ?? {};
    if (token && expiresAt && user) signIn({ token, expiresAt, email: user.email });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await finish(useRecovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') });
  };

  const withPasskey = async () => {
    setPasskeyError(null);
    try {
      const response = await startAuthentication({ optionsJSON: step.webauthnOptions as unknown as PublicKeyCredentialRequestOptionsJSON });
      await finish({ webauthnResponse: response as unknown as Record<string, unknown> });
    } catch (error) {
      setPasskeyError(new ApiError(`The passkey was not used: ${(error as Error).message}`, 'UNAUTHENTICATED'));
    }
  };

  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit} noValidate aria-labelledby="second-step-title">
        <p className="brand">Keyward</p>
        <h1 id="second-step-title">Confirm it is you</h1>
        <p className="lead">Signing in as {step.email}.</p>
        {step.webauthnOptions ? (
          <button type="button" onClick={withPasskey} disabled={complete.pending}>
            Use a passkey
          </button>
        ) : null}
        {hasTotp || useRecovery || !step.webauthnOptions ? (
          <>
            <TextField
              label={useRecovery ? 'Recovery code' : 'Authentication code'}
              name={useRecovery ? 'recoveryCode' : 'code'}
              autoComplete="one-time-code"
              inputMode={useRecovery ? 'text' : 'numeric'}
              required
              value={value}
              onChange={(e) => setValue(e.target.value)}
              hint={useRecovery ? 'One of the codes you saved when you set up your second factor. Each works once.' : 'The 6-digit code of your authenticator app.'}
            />
            <button type="submit" disabled={complete.pending}>
              {complete.pending ? 'Checking…' : 'Verify'}
            </button>
          </>
        ) : null}
        <ErrorNotice error={complete.error ?? passkeyError} />
        <p className="footnote">
          <button type="button" className="button-link" onClick={() => (setUseRecovery(!useRecovery), setValue(''))}>
            {useRecovery ? 'Use your authenticator app instead' : 'Use a recovery code instead'}
          </button>{' '}
          ·{' '}
          <button type="button" className="button-link" onClick={onRestart}>
            Start over
          </button>
        </p>
      </form>
    </main>
  );
}
