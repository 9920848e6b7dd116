import { useState, type FormEvent } from 'react';
import type { ApiError } from '../api/errors';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice } from '../ui/feedback';
import { TextAreaField, TextField } from '../ui/fields';

export interface ApplicationFormValues {
  readonly name: string;
  readonly description: string;
}

interface Props {
  readonly title: string;
  readonly submitLabel: string;
  readonly initial?: ApplicationFormValues;
  readonly error: ApiError | null;
  readonly pending: boolean;
  onSubmit(values: ApplicationFormValues): void;
  onClose(): void;
}

/** Create or rename an application: the same two fields, the API's errors beside them. */
export function ApplicationFormDialog({ title, submitLabel, initial, error, pending, onSubmit, onClose }: Props) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), description: description.trim() });
  };
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextField label="Name" name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={error?.fieldMessage('name')} hint="1 to 100 characters, unique in the organization." data-autofocus />
        <TextAreaField label="Description" name="description" maxLength={500} rows={3} value={description} onChange={(e) => setDescription(e.target.value)} error={error?.fieldMessage('description')} />
        <ErrorNotice error={error} extraFields={error?.unclaimedFields(['name', 'description']) ?? []} />
        <FormActions onCancel={onClose} pending={pending}>{submitLabel}</FormActions>
      </form>
    </Dialog>
  );
}
