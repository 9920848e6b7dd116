import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { UpdateKeyPolicyDocument, type KeyPolicy, type LeakedKeyAction, type LiveKeysBeforeKyb } from '../gql/graphql';
import { ErrorNotice } from '../ui/feedback';
import { SelectField, TextField } from '../ui/fields';

type Policy = Omit<KeyPolicy, '__typename'>;

interface Props {
  readonly organizationId: string;
  readonly policy: Policy;
  onSaved(policy: Policy): void;
}

const NUMBER_FIELDS = [
  { name: 'maxKeysPerApplication', label: 'Keys per application' },
  { name: 'keyCreationsPerMinutePerUser', label: 'Key creations per minute per user' },
  { name: 'tokenTtlSeconds', label: 'Access-token lifetime (seconds)', hint: '60 to 86400.' },
  { name: 'accountSecretRotationDays', label: 'Account secret rotation (days)' },
  { name: 'accountSecretHistory', label: 'Account secrets that may not be reused', hint: '0 to 24.' },
] as const;

type NumberField = (typeof NUMBER_FIELDS)[number]['name'];

/** The organization's key policy, for an OWNER to change (SPEC 2). */
export function KeyPolicyForm({ organizationId, policy, onSaved }: Props) {
  const save = useMutation(UpdateKeyPolicyDocument);
  const [values, setValues] = useState<Record<NumberField, string>>(() => Object.fromEntries(NUMBER_FIELDS.map((f) => [f.name, String(policy[f.name])])) as Record<NumberField, string>);
  const [maxActive, setMaxActive] = useState(policy.maxActiveKeysPerEnvironment === null ? '' : String(policy.maxActiveKeysPerEnvironment));
  const [liveKeys, setLiveKeys] = useState<LiveKeysBeforeKyb>(policy.liveKeysBeforeKyb);
  const [leakAction, setLeakAction] = useState<LeakedKeyAction>(policy.leakedKeyAction);
  const [requireMfa, setRequireMfa] = useState(policy.requireMfa);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const numbers = Object.fromEntries(NUMBER_FIELDS.map((f) => [f.name, Number(values[f.name])])) as Record<NumberField, number>;
    const result = await save.run({ id: organizationId, keyPolicy: { ...numbers, maxActiveKeysPerEnvironment: maxActive.trim() === '' ? null : Number(maxActive), liveKeysBeforeKyb: liveKeys, leakedKeyAction: leakAction, requireMfa } });
    if (!result) return;
    setSaved(true);
    onSaved(result.updateOrganization.keyPolicy);
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Key policy">
      <TextField
        label="Active keys per environment"
        name="maxActiveKeysPerEnvironment"
        type="number"
        min={1}
        inputMode="numeric"
        value={maxActive}
        onChange={(e) => setMaxActive(e.target.value)}
        error={save.error?.fieldMessage('maxActiveKeysPerEnvironment')}
        hint="Empty for unlimited; 1 allows only one active key per environment."
      />
      {NUMBER_FIELDS.map((f) => (
        <TextField
          key={f.name}
          label={f.label}
          name={f.name}
          type="number"
          min={0}
          inputMode="numeric"
          value={values[f.name]}
          onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
          error={save.error?.fieldMessage(f.name)}
          hint={'hint' in f ? f.hint : undefined}
        />
      ))}
      <SelectField label="LIVE keys before KYB approval" name="liveKeysBeforeKyb" value={liveKeys} onChange={(e) => setLiveKeys(e.target.value as LiveKeysBeforeKyb)} error={save.error?.fieldMessage('liveKeysBeforeKyb')}>
        <option value="INACTIVE">Created inactive, activated on approval</option>
        <option value="DOWNGRADE_TO_TEST">Issued for TEST instead</option>
      </SelectField>
      <SelectField label="When a secret is reported leaked" name="leakedKeyAction" value={leakAction} onChange={(e) => setLeakAction(e.target.value as LeakedKeyAction)} error={save.error?.fieldMessage('leakedKeyAction')}>
        <option value="REVOKE">Revoke the key at once</option>
        <option value="NOTIFY">Only flag it and notify</option>
      </SelectField>
      <div className="field">
        <label>
          <input type="checkbox" name="requireMfa" checked={requireMfa} onChange={(e) => setRequireMfa(e.target.checked)} /> Require a second factor from every member
        </label>
        <div className="field-hint">Members without an authenticator app or passkey are refused on this organization until they add one.</div>
      </div>
      <ErrorNotice error={save.error} extraFields={save.error?.unclaimedFields(['maxActiveKeysPerEnvironment', 'liveKeysBeforeKyb', 'leakedKeyAction', 'requireMfa', ...NUMBER_FIELDS.map((f) => f.name)]) ?? []} />
      {saved ? (
        <p className="notice notice-success" role="status">
          The key policy was saved.
        </p>
      ) : null}
      <button type="submit" disabled={save.pending}>
        Save key policy
      </button>
    </form>
  );
}
