import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { UpdateApplicationDocument, type ApplicationFieldsFragment } from '../gql/graphql';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice } from '../ui/feedback';
import { LimitFields, useLimitFields } from './LimitFields';

interface Props {
  readonly application: ApplicationFieldsFragment;
  onSaved(application: ApplicationFieldsFragment): void;
  onClose(): void;
}

/** Rate limits and an IP allowlist shared by all of an application's keys (SPEC 7). */
export function ApplicationUsageDialog({ application, onSaved, onClose }: Props) {
  const update = useMutation(UpdateApplicationDocument);
  const fields = useLimitFields(application.rateLimits, application.allowedIps);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const read = fields.read();
    if ('problem' in read) return setProblem(read.problem);
    setProblem(null);
    const result = await update.run({ id: application.id, input: read.input });
    if (!result) return;
    onSaved(result.updateApplication);
    onClose();
  };

  const error = update.error;
  return (
    <Dialog title={`Shared limits of ${application.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <LimitFields
          fields={fields}
          problem={problem}
          error={error}
          limitsHint={'Counted over the calls of all the application\'s keys. One per line: name, calls per window, window in seconds — e.g. "per-second 500 1".'}
          ipsHint="Every key of the application must be used from inside this list; empty: any address."
        />
        <ErrorNotice error={error} extraFields={error?.unclaimedFields(['rateLimits', 'allowedIps']) ?? []} />
        <FormActions onCancel={onClose} pending={update.pending}>Save limits</FormActions>
      </form>
    </Dialog>
  );
}
