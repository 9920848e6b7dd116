import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/hooks';
import { OrganizationSettingsDocument, SetAccountSecretDocument } from '../gql/graphql';
import { ErrorNotice, formatDate, Loading } from '../ui/feedback';
import { TextField } from '../ui/fields';
import { meetsLocalRules, SecretPolicyChecklist } from './account-secret-policy';
import { KeyPolicyForm } from './KeyPolicyForm';
import { useCan, useOrganization } from './organization-context';

/** The organization's account secret (OWNER), KYB state and key policy. */
export function OrganizationSettings() {
  const { organization } = useOrganization();
  const can = useCan();
  const query = useQuery(OrganizationSettingsDocument, { id: organization.id });
  const org = query.data?.organization;

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <p className="lead">Account secret, verification and key policy of {organization.name}.</p>
      <ErrorNotice error={query.error} />
      {query.loading && !org ? <Loading what="settings" /> : null}
      {org ? (
        <div className="settings-grid">
          <div className="card">
            <h2>Account secret</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>{org.hasAccountSecret ? `Set ${formatDate(org.accountSecretSetAt)}` : 'Not set yet'}</dd>
              {org.accountSecretRotationDueAt ? (
                <>
                  <dt>Rotation due</dt>
                  <dd className={Date.parse(org.accountSecretRotationDueAt) <= Date.now() ? 'overdue' : undefined}>
                    {formatDate(org.accountSecretRotationDueAt)}
                    {Date.parse(org.accountSecretRotationDueAt) <= Date.now() ? ' — overdue' : ''}
                  </dd>
                </>
              ) : null}
            </dl>
            {can('setAccountSecret') ? (
              <AccountSecretForm
                organizationId={org.id}
                hasSecret={org.hasAccountSecret}
                historySize={org.keyPolicy.accountSecretHistory}
                onChanged={(changed) => query.update((data) => ({ organization: { ...data.organization, ...changed } }))}
              />
            ) : (
              <p className="muted">Only an owner can change the account secret.</p>
            )}
          </div>
          <div className="card">
            <h2>Verification and key policy</h2>
            <dl className="facts">
              <dt>KYB status</dt>
              <dd>
                {org.kybStatus} {org.paymentsEnabled ? '(payments enabled)' : '(payments not enabled yet)'}
              </dd>
            </dl>
            <h3>Key policy</h3>
            {can('manageKeyPolicy') ? (
              <KeyPolicyForm organizationId={org.id} policy={org.keyPolicy} onSaved={(keyPolicy) => query.update((data) => ({ organization: { ...data.organization, keyPolicy } }))} />
            ) : (
              <dl className="facts">
                <dt>Active keys per environment</dt>
                <dd>{org.keyPolicy.maxActiveKeysPerEnvironment ?? 'Unlimited'}</dd>
                <dt>Keys per application</dt>
                <dd>{org.keyPolicy.maxKeysPerApplication}</dd>
                <dt>Key creations per minute per user</dt>
                <dd>{org.keyPolicy.keyCreationsPerMinutePerUser}</dd>
                <dt>LIVE keys before KYB</dt>
                <dd>{org.keyPolicy.liveKeysBeforeKyb === 'INACTIVE' ? 'Created inactive' : 'Issued for TEST'}</dd>
                <dt>Leaked secrets</dt>
                <dd>{org.keyPolicy.leakedKeyAction === 'REVOKE' ? 'Revoked at once' : 'Flagged and announced'}</dd>
                <dt>Access-token lifetime</dt>
                <dd>{org.keyPolicy.tokenTtlSeconds} s</dd>
                <dt>Account secret rotation</dt>
                <dd>every {org.keyPolicy.accountSecretRotationDays} days</dd>
              </dl>
            )}
          </div>
        </div>
      ) : null}
    </section>
  );
}

interface FormProps {
  readonly organizationId: string;
  readonly hasSecret: boolean;
  readonly historySize: number;
  onChanged(changed: { hasAccountSecret: boolean; accountSecretSetAt: string | null; accountSecretRotationDueAt: string | null }): void;
}

function AccountSecretForm({ organizationId, hasSecret, historySize, onChanged }: FormProps) {
  const set = useMutation(SetAccountSecretDocument);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const policyId = useId();
  const mismatch = confirm.length > 0 && confirm !== next ? 'The two new secrets differ.' : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const result = await set.run({ organizationId, currentSecret: hasSecret ? current : null, newSecret: next });
    // Secrets are dropped from the form whatever the answer, once it is given.
    setCurrent('');
    if (!result) return;
    setNext('');
    setConfirm('');
    setDone(true);
    onChanged(result.setAccountSecret);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={hasSecret ? 'Change the account secret' : 'Set the account secret'}>
      {hasSecret ? (
        <TextField label="Current account secret" name="currentSecret" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={set.error?.fieldMessage('currentSecret')} />
      ) : null}
      <TextField
        label="New account secret"
        name="newSecret"
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={set.error?.fieldMessage('newSecret')}
        hint={<SecretPolicyChecklist id={policyId} secret={next} historySize={historySize} />}
      />
      <TextField label="Repeat the new account secret" name="confirmSecret" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={mismatch} />
      <ErrorNotice error={set.error} extraFields={set.error?.unclaimedFields(['currentSecret', 'newSecret']) ?? []} />
      {done ? (
        <p className="notice notice-success" role="status">
          The account secret was changed. Recoverable keys now open with the new one.
        </p>
      ) : null}
      <button type="submit" disabled={set.pending || !meetsLocalRules(next) || next !== confirm || (hasSecret && !current)}>
        {hasSecret ? 'Change account secret' : 'Set account secret'}
      </button>
    </form>
  );
}
