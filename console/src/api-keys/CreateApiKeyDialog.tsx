import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { CreateApiKeyDocument, type ApiKeyFieldsFragment, type Environment } from '../gql/graphql';
import { Dialog } from '../ui/Dialog';
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

const FIELDS = ['name', 'description', 'environment', 'scopes', 'expiresInDays', 'expiresAt', 'webhookUrl'];

interface Props {
  readonly applicationId: string;
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

/**
 * The create-key flow: a form, then the secret once. The secret stays inside this component's
 * state and is gone when the owner unmounts it after "I have saved it".
 */
export function CreateApiKeyDialog({ applicationId, onCreated, onClose }: Props) {
  const create = useMutation(CreateApiKeyDocument);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [environment, setEnvironment] = useState<Environment>('TEST');
  const [scopes, setScopes] = useState<string[]>([]);
  const [otherScopes, setOtherScopes] = useState('');
  const [expiresInDays, setExpiresInDays] = useState('');
  const [webhookUrl, setWebhookUrl] = useState('');
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);

  if (created) return <SecretDialog keyName={created.name} secret={created.secret} onDone={onClose} />;

  const toggleScope = (scope: string, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run({
      input: {
        applicationId,
        name: name.trim(),
        description: description.trim(),
        environment,
        scopes: parseScopes(scopes, otherScopes),
        expiresInDays: expiresInDays ? Number(expiresInDays) : null,
        webhookUrl: webhookUrl.trim() || null,
      },
    });
    if (!result) return;
    onCreated(result.createApiKey.apiKey);
    setCreated({ name: result.createApiKey.apiKey.name, secret: result.createApiKey.secret });
  };

  const error = create.error;
  const scopesError = error?.fieldMessage('scopes');
  return (
    <Dialog title="Create API key" onClose={onClose}>
      <form onSubmit={submit} noValidate>
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
        <SelectField label="Expiry" name="expiresInDays" value={expiresInDays} onChange={(e) => setExpiresInDays(e.target.value)} error={error?.fieldMessage('expiresInDays') ?? error?.fieldMessage('expiresAt')}>
          {EXPIRY_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </SelectField>
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
        <ErrorNotice error={error} extraFields={error?.unclaimedFields(FIELDS) ?? []} />
        <div className="dialog-actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={create.pending}>
            {create.pending ? 'Creating…' : 'Create API key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
