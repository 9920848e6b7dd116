import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { CreateApiKeyDocument, IssueTemporaryApiKeyDocument, type ApiKeyFieldsFragment, type Environment } from '../gql/graphql';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice } from '../ui/feedback';
import { SelectField, TextAreaField, TextField } from '../ui/fields';
import { SecretDialog } from './SecretDialog';

/** Scopes the payment API understands today; others can be typed in. */
export const KNOWN_SCOPES = ['payments:read', 'payments:write', 'refunds', 'disputes:read', 'payouts:read'] as const;

const EXPIRY_CHOICES = [
  { value: '', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In 1 year' },
] as const;

const FIELDS = ['name', 'description', 'environment', 'scopes', 'expiresInDays', 'expiresAt', 'webhookUrl', 'recoverable'];


interface Props {
  readonly applicationId: string;
  /** Issue a temporary key (tk_…, 7 days, exchanged once for a permanent key) instead. */
  readonly temporary?: boolean;
  /** The new key, without its secret, for the list. */
  onCreated(apiKey: ApiKeyFieldsFragment): void;
  onClose(): void;
}

function parseScopes(checked: readonly string[], other: string): string[] {
  const typed = other
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set([...checked, ...typed])];
}

/** One per dialog: a retried or double-clicked submit replays the first result instead of making a second key. */
function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The create-key flow: a form, then the secret once. The secret stays inside this component's
 * state and is gone when the owner unmounts it after "I have saved it".
 */
export function CreateApiKeyDialog({ applicationId, temporary = false, onCreated, onClose }: Props) {
  const createPermanent = useMutation(CreateApiKeyDocument);
  const issueTemporary = useMutation(IssueTemporaryApiKeyDocument);
  const create = temporary ? issueTemporary : createPermanent;
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [environment, setEnvironment] = useState<Environment>('TEST');
  const [scopes, setScopes] = useState<string[]>([]);
  const [otherScopes, setOtherScopes] = useState('');
  const [expiresInDays, setExpiresInDays] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [recoverable, setRecoverable] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  if (created) return <SecretDialog keyName={created.name} secret={created.secret} onDone={onClose} />;

  const toggleScope = (scope: string, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const common = { applicationId, name: name.trim(), description: description.trim(), environment, scopes: parseScopes(scopes, otherScopes), webhookUrl: webhookUrl.trim() || null, recoverable, idempotencyKey };
    const result = temporary
      ? (await issueTemporary.run({ input: common }))?.issueTemporaryApiKey
      : (await createPermanent.run({ input: { ...common, expiresInDays: expiresInDays ? Number(expiresInDays) : null } }))?.createApiKey;
    if (!result) {
      // The input may be corrected now: the next submit is a new request, not a replay.
      setIdempotencyKey(newIdempotencyKey());
      return;
    }
    onCreated(result.apiKey);
    setCreated({ name: result.apiKey.name, secret: result.secret });
  };

  const error = create.error;
  const scopesError = error?.fieldMessage('scopes');
  return (
    <Dialog title={temporary ? 'Issue temporary key' : 'Create API key'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {temporary ? (
          <p className="notice notice-warning">
            A temporary key (<code>tk_…</code>) is valid for 7 days and does not work on the payment API. Deliver it out of band: the merchant exchanges it once, with their account secret, for a permanent key.
          </p>
        ) : null}
        <TextField label="Name" name="name" required maxLength={255} value={name} onChange={(e) => setName(e.target.value)} error={error?.fieldMessage('name')} data-autofocus />
        <TextAreaField
          label="Description"
          name="description"
          required
          rows={2}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={error?.fieldMessage('description')}
          hint="What the key is for, e.g. “Production checkout service”."
        />
        <SelectField label="Environment" name="environment" value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)} error={error?.fieldMessage('environment')}>
          <option value="TEST">Test (sk_test_…)</option>
          <option value="LIVE">Live (sk_live_…)</option>
        </SelectField>
        <fieldset className={scopesError ? 'field field-invalid' : 'field'} aria-describedby={scopesError ? 'scopes-error' : undefined}>
          <legend>Scopes</legend>
          <div className="checks">
            {KNOWN_SCOPES.map((scope) => (
              <label key={scope} className="check">
                <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => toggleScope(scope, e.target.checked)} /> {scope}
              </label>
            ))}
          </div>
          <TextField label="Other scopes" name="otherScopes" value={otherScopes} onChange={(e) => setOtherScopes(e.target.value)} hint="Separated by spaces or commas." />
          {scopesError ? (
            <p id="scopes-error" className="field-error">
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        {temporary ? null : (
          <SelectField label="Expiry" name="expiresInDays" value={expiresInDays} onChange={(e) => setExpiresInDays(e.target.value)} error={error?.fieldMessage('expiresInDays') ?? error?.fieldMessage('expiresAt')}>
            {EXPIRY_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label="Webhook URL"
          name="webhookUrl"
          type="url"
          inputMode="url"
          placeholder="https://example.com/keyward-events"
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.target.value)}
          error={error?.fieldMessage('webhookUrl')}
          hint="Optional. HTTPS; receives this key's events."
        />
        <label className="check">
          <input type="checkbox" name="recoverable" checked={recoverable} onChange={(e) => setRecoverable(e.target.checked)} /> Recoverable
        </label>
        <p className="field-hint">
          {temporary
            ? 'The permanent key can be retrieved later with the account secret chosen at the exchange.'
            : 'Keeps the secret sealed under the account secret (which must be set first), so an owner can retrieve it later.'}
        </p>
        {error?.fieldMessage('recoverable') ? <p className="field-error">{error.fieldMessage('recoverable')}</p> : null}
        <ErrorNotice error={error} extraFields={error?.unclaimedFields(FIELDS) ?? []} />
        <FormActions onCancel={onClose} pending={create.pending}>{create.pending ? 'Creating…' : temporary ? 'Issue temporary key' : 'Create API key'}</FormActions>
      </form>
    </Dialog>
  );
}
