import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { RetrieveApiKeyDocument, type ApiKeyFieldsFragment } from '../gql/graphql';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice } from '../ui/feedback';
import { TextField } from '../ui/fields';
import { SecretDialog } from './SecretDialog';

interface Props {
  readonly apiKey: Pick<ApiKeyFieldsFragment, 'id' | 'name' | 'keyPrefix'>;
  onClose(): void;
}

/** A recoverable key's secret, unsealed with the account secret and shown once more. */
export function RetrieveApiKeyDialog({ apiKey, onClose }: Props) {
  const retrieve = useMutation(RetrieveApiKeyDocument);
  const [accountSecret, setAccountSecret] = useState('');
  const [secret, setSecret] = useState<string | null>(null);

  if (secret) return <SecretDialog keyName={apiKey.name} secret={secret} onDone={onClose} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await retrieve.run({ apiKeyId: apiKey.id, accountSecret });
    setAccountSecret('');
    if (result) setSecret(result.retrieveApiKey.secret);
  };

  return (
    <Dialog title={`Retrieve the secret of ${apiKey.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          <strong>{apiKey.name}</strong> (<code>{apiKey.keyPrefix}…</code>) is recoverable: its secret is sealed under your organization's account secret. Enter it to see the secret once more. Wrong
          attempts are rate limited and every retrieval is in the audit log.
        </p>
        <TextField
          label="Account secret"
          name="accountSecret"
          type="password"
          autoComplete="current-password"
          value={accountSecret}
          onChange={(e) => setAccountSecret(e.target.value)}
          error={retrieve.error?.fieldMessage('accountSecret')}
          data-autofocus
        />
        <ErrorNotice error={retrieve.error} />
        <FormActions onCancel={onClose} pending={retrieve.pending} disabled={!accountSecret}>Retrieve secret</FormActions>
      </form>
    </Dialog>
  );
}
