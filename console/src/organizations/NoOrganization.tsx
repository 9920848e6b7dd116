import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { CreateOrganizationDocument } from '../gql/graphql';
import type { OrganizationSummary } from './organization-context';
import { ErrorNotice } from '../ui/feedback';
import { TextField } from '../ui/fields';

interface Props {
  readonly isPlatformAdmin: boolean;
  onCreated(organization: OrganizationSummary): void;
}

/**
 * Signed in without any organization. A platform admin (typically the first one, on a fresh
 * install) can create the first organization right here; anyone else needs an owner to add them.
 */
export function NoOrganization({ isPlatformAdmin, onCreated }: Props) {
  const create = useMutation(CreateOrganizationDocument);
  const [name, setName] = useState('');

  if (!isPlatformAdmin) return <p className="empty">You are not a member of any organization yet. Ask an owner to add you.</p>;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run({ input: { name: name.trim() } });
    if (result) onCreated(result.createOrganization);
  };

  return (
    <section aria-labelledby="first-org-title">
      <h1 id="first-org-title">Create the first organization</h1>
      <p className="lead">There is no organization yet. An organization is a merchant account: its applications hold its API keys. As a platform admin you can create it now, then add members to it.</p>
      <form className="card inline-form" onSubmit={submit} noValidate>
        <TextField label="Organization name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={create.error?.fieldMessage('name')} required />
        <ErrorNotice error={create.error} extraFields={create.error?.unclaimedFields(['name']) ?? []} />
        <button type="submit" disabled={create.pending || name.trim() === ''}>
          Create organization
        </button>
      </form>
    </section>
  );
}
