import { useId, useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { RevokeApiKeyDocument, type ApiKeyFieldsFragment } from '../gql/graphql';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice } from '../ui/feedback';
import { TextField } from '../ui/fields';

interface Props {
  readonly apiKey: Pick<ApiKeyFieldsFragment, 'id' | 'name' | 'keyPrefix' | 'environment'>;
  onRevoked(apiKey: ApiKeyFieldsFragment): void;
  onClose(): void;
}

/** Revoking is final, so the confirmation names the key it will stop. */
export function RevokeApiKeyDialog({ apiKey, onRevoked, onClose }: Props) {
  const revoke = useMutation(RevokeApiKeyDocument);
  const [reason, setReason] = useState('');
  const warningId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await revoke.run({ id: apiKey.id, reason: reason.trim() || null });
    if (!result) return;
    onRevoked(result.revokeApiKey);
    onClose();
  };

  return (
    <Dialog title={`Revoke ${apiKey.name}?`} onClose={onClose} role="alertdialog" describedBy={warningId}>
      <form onSubmit={submit} noValidate>
        <p id={warningId}>
          The {apiKey.environment.toLowerCase()} key <strong>{apiKey.name}</strong> (<code>{apiKey.keyPrefix}…</code>) stops working immediately, everywhere. This cannot be undone.
        </p>
        <TextField label="Reason" name="reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} error={revoke.error?.fieldMessage('reason')} hint="Optional; kept in the audit log." />
        <ErrorNotice error={revoke.error} />
        <FormActions onCancel={onClose} pending={revoke.pending} danger>Revoke {apiKey.name}</FormActions>
      </form>
    </Dialog>
  );
}
