import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { UpdateApiKeyUsageDocument, type ApiKeyFieldsFragment } from '../gql/graphql';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice } from '../ui/feedback';
import { TextField } from '../ui/fields';
import { LimitFields, useLimitFields } from './LimitFields';

interface Props {
  readonly apiKey: ApiKeyFieldsFragment;
  onSaved(apiKey: ApiKeyFieldsFragment): void;
  onClose(): void;
}

/**
 * A key's rate limits, IP allowlist and credit balance (SPEC 7), changed in one audited update.
 * Credits are sent only when edited: sending them replaces the balance.
 */
export function KeyUsageDialog({ apiKey, onSaved, onClose }: Props) {
  const update = useMutation(UpdateApiKeyUsageDocument);
  const fields = useLimitFields(apiKey.rateLimits, apiKey.allowedIps);
  const initialCredits = apiKey.credits === null || apiKey.credits === undefined ? '' : String(apiKey.credits);
  const [credits, setCredits] = useState(initialCredits);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const read = fields.read();
    if ('problem' in read) return setProblem(read.problem);
    const creditsChanged = credits.trim() !== initialCredits;
    if (creditsChanged && credits.trim() !== '' && !/^\d+$/.test(credits.trim())) return setProblem('Credits must be a whole number, or empty for unlimited');
    setProblem(null);
    const input = {
      ...read.input,
      ...(creditsChanged ? { credits: credits.trim() === '' ? null : Number(credits.trim()) } : {}),
    };
    const result = await update.run({ id: apiKey.id, input });
    if (!result) return;
    onSaved(result.updateApiKey);
    onClose();
  };

  const error = update.error;
  return (
    <Dialog title={`Usage limits of ${apiKey.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <LimitFields
          fields={fields}
          problem={problem?.startsWith('Line') ? problem : null}
          error={error}
          limitsHint='One per line: name, calls per window, window in seconds — e.g. "per-second 50 1". At most 10.'
          ipsHint="One address or CIDR range per line (IPv4 or IPv6); empty: any address."
        />
        <TextField label="Credits" name="credits" inputMode="numeric" value={credits} onChange={(e) => setCredits(e.target.value)} error={problem?.startsWith('Credits') ? problem : error?.fieldMessage('credits')} hint="The balance verify spends from; empty: unlimited. Saving a new value replaces the balance." />
        <ErrorNotice error={error} extraFields={error?.unclaimedFields(['rateLimits', 'allowedIps', 'credits']) ?? []} />
        <FormActions onCancel={onClose} pending={update.pending}>Save limits</FormActions>
      </form>
    </Dialog>
  );
}
