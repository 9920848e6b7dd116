import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { RotateApiKeyDocument, type ApiKeyFieldsFragment } from '../gql/graphql';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice } from '../ui/feedback';
import { SelectField } from '../ui/fields';
import { SecretDialog } from './SecretDialog';

/** How long the old secrets keep working; "" = until expired by hand (null). At most 30 days. */
export const GRACE_PERIODS = [
  { value: '0', label: 'Stop the old secret now' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '24 hours' },
  { value: '604800', label: '7 days' },
  { value: '2592000', label: '30 days (the most allowed)' },
  { value: '', label: 'Until I expire it by hand' },
] as const;

interface Props {
  readonly apiKey: Pick<ApiKeyFieldsFragment, 'id' | 'name' | 'keyPrefix'>;
  onRotated(apiKey: ApiKeyFieldsFragment): void;
  onClose(): void;
}

/** Rotation: choose a grace period, then see the new secret once. */
export function RotateApiKeyDialog({ apiKey, onRotated, onClose }: Props) {
  const rotate = useMutation(RotateApiKeyDocument);
  const [grace, setGrace] = useState<string>('86400');
  const [secret, setSecret] = useState<string | null>(null);

  if (secret) return <SecretDialog keyName={apiKey.name} secret={secret} onDone={onClose} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await rotate.run({ id: apiKey.id, gracePeriodSeconds: grace === '' ? null : Number(grace) });
    if (!result) return;
    onRotated(result.rotateApiKey.apiKey);
    setSecret(result.rotateApiKey.secret);
  };

  return (
    <Dialog title={`Rotate ${apiKey.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          A new secret is made for <strong>{apiKey.name}</strong> and shown once. The current secret (<code>{apiKey.keyPrefix}…</code>) keeps working during the grace period, so you can roll the new
          one out without downtime.
        </p>
        <SelectField label="Grace period" name="gracePeriodSeconds" value={grace} onChange={(e) => setGrace(e.target.value)} error={rotate.error?.fieldMessage('gracePeriodSeconds')} data-autofocus>
          {GRACE_PERIODS.map((g) => (
            <option key={g.value} value={g.value}>
              {g.label}
            </option>
          ))}
        </SelectField>
        <ErrorNotice error={rotate.error} />
        <FormActions onCancel={onClose} pending={rotate.pending}>Rotate {apiKey.name}</FormActions>
      </form>
    </Dialog>
  );
}
