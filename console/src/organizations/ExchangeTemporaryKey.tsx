import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { SecretDialog } from '../api-keys/SecretDialog';
import { ExchangeTemporaryApiKeyDocument } from '../gql/graphql';
import { Link } from '../routing/router';
import { ErrorNotice } from '../ui/feedback';
import { TextField } from '../ui/fields';
import { meetsLocalRules, SecretPolicyChecklist } from './account-secret-policy';

const TEMPORARY_KEY = /^tk_(test|live)_[0-9A-Za-z]{36}$/;

function describeKey(value: string): string | undefined {
  const key = value.trim();
  if (!key) return undefined;
  if (!key.startsWith('tk_')) return 'A temporary key starts with tk_test_ or tk_live_.';
  if (!TEMPORARY_KEY.test(key)) return 'This does not look complete: a temporary key is 44 characters.';
  return undefined;
}

/**
 * Exchanges a temporary key (delivered out of band) for a permanent one. Needs no session: the
 * temporary key is the credential. The account secret chosen here protects the organization.
 */
export function ExchangeTemporaryKey({ signedIn }: { signedIn: boolean }) {
  const exchange = useMutation(ExchangeTemporaryApiKeyDocument);
  const [temporaryKey, setTemporaryKey] = useState('');
  const [accountSecret, setAccountSecret] = useState('');
  const [shown, setShown] = useState(false);
  const [result, setResult] = useState<{ name: string; keyPrefix: string; secret: string | null } | null>(null);
  const policyId = useId();
  const keyProblem = describeKey(temporaryKey);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await exchange.run({ temporaryKey: temporaryKey.trim(), accountSecret });
    if (!answer) return;
    const { apiKey, secret } = answer.exchangeTemporaryApiKey;
    // Neither the temporary key nor the account secret is kept once the exchange is done.
    setTemporaryKey('');
    setAccountSecret('');
    setResult({ name: apiKey.name, keyPrefix: apiKey.keyPrefix, secret });
  };

  return (
    <main className="sign-in">
      <div className="card exchange-card">
        <p className="brand">Keyward</p>
        <h1>Exchange a temporary key</h1>
        {result && result.secret === null ? (
          <div className="notice notice-success" role="status">
            <p>
              Your permanent key <strong>{result.name}</strong> (<code>{result.keyPrefix}…</code>) is ready. Its secret is not shown again.
            </p>
          </div>
        ) : (
          <form onSubmit={submit} noValidate>
            <p className="lead">Paste the temporary key you were sent and choose your organization's account secret. You get a permanent key in return, once.</p>
            <TextField
              label="Temporary key"
              name="temporaryKey"
              autoComplete="off"
              spellCheck={false}
              className="mono"
              placeholder="tk_test_…"
              value={temporaryKey}
              onChange={(e) => setTemporaryKey(e.target.value)}
              error={exchange.error?.fieldMessage('temporaryKey') ?? keyProblem}
            />
            <TextField
              label="Account secret"
              name="accountSecret"
              type={shown ? 'text' : 'password'}
              autoComplete="new-password"
              value={accountSecret}
              onChange={(e) => setAccountSecret(e.target.value)}
              error={exchange.error?.fieldMessage('accountSecret')}
              hint={<SecretPolicyChecklist id={policyId} secret={accountSecret} />}
            />
            <label className="check">
              <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show the account secret
            </label>
            <p className="field-hint">If your organization already has an account secret, enter that one.</p>
            <ErrorNotice error={exchange.error} extraFields={exchange.error?.unclaimedFields(['temporaryKey', 'accountSecret']) ?? []} />
            <button type="submit" disabled={exchange.pending || !temporaryKey.trim() || !meetsLocalRules(accountSecret)}>
              Exchange for a permanent key
            </button>
          </form>
        )}
        <p className="footnote">{signedIn ? <Link href="/">Back to the console</Link> : <Link href="/">Sign in instead</Link>}</p>
      </div>
      {result?.secret ? <SecretDialog keyName={result.name} secret={result.secret} onDone={() => setResult({ ...result, secret: null })} /> : null}
    </main>
  );
}
