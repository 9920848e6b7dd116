import { useState, type FormEvent } from 'react';
import { useMutation } from '../api/hooks';
import { CreateOrganizationDocument, SetKybStatusDocument, type KybStatus } from '../gql/graphql';
import type { OrganizationSummary } from '../organizations/organization-context';
import { Link, paths } from '../routing/router';
import { ErrorNotice } from '../ui/feedback';
import { SelectField, TextField } from '../ui/fields';

interface Props {
  readonly organizations: readonly OrganizationSummary[];
  onChanged(organization: Partial<OrganizationSummary> & { id: string }): void;
  onCreated(organization: OrganizationSummary): void;
}

const KYB_WORDS: Record<KybStatus, string> = { PENDING: 'Pending review', APPROVED: 'Approved', REJECTED: 'Rejected' };

/** Platform operators: every organization, KYB decisions, and new merchant accounts. */
export function PlatformOrganizations({ organizations, onChanged, onCreated }: Props) {
  const kyb = useMutation(SetKybStatusDocument);
  const create = useMutation(CreateOrganizationDocument);
  const [deciding, setDeciding] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [ownerEmail, setOwnerEmail] = useState('');
  const [parentId, setParentId] = useState('');

  const decide = async (organizationId: string, status: KybStatus) => {
    setDeciding(organizationId);
    const result = await kyb.run({ organizationId, status });
    if (result) onChanged(result.setKybStatus);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run({ input: { name: name.trim(), ownerEmail: ownerEmail.trim() || null, parentOrganizationId: parentId || null } });
    if (!result) return;
    onCreated(result.createOrganization);
    setName('');
    setOwnerEmail('');
    setParentId('');
  };

  return (
    <section aria-labelledby="platform-title">
      <h1 id="platform-title">All organizations</h1>
      <p className="lead">Platform operators review KYB here: approval enables payments and activates the organization's waiting LIVE keys.</p>
      <table className="table responsive">
        <thead>
          <tr>
            <th scope="col">Organization</th>
            <th scope="col">Slug</th>
            <th scope="col">KYB</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {organizations.map((o) => (
            <tr key={o.id} data-organization-id={o.id}>
              <td data-label="Organization">
                <Link href={paths.applications(o.id)}>{o.name}</Link>
                {o.parentOrganization ? <span className="muted">connected account of {o.parentOrganization.name}</span> : null}
              </td>
              <td data-label="Slug">
                <code>{o.slug}</code>
              </td>
              <td data-label="KYB">
                <span className={`badge badge-kyb-${o.kybStatus.toLowerCase()}`} data-kyb={o.kybStatus}>
                  {KYB_WORDS[o.kybStatus]}
                </span>
              </td>
              <td className="actions">
                {o.kybStatus !== 'APPROVED' ? (
                  <button type="button" disabled={kyb.pending && deciding === o.id} onClick={() => void decide(o.id, 'APPROVED')}>
                    Approve KYB<span className="visually-hidden"> of {o.name}</span>
                  </button>
                ) : null}
                {o.kybStatus !== 'REJECTED' ? (
                  <button type="button" className="button-danger" disabled={kyb.pending && deciding === o.id} onClick={() => void decide(o.id, 'REJECTED')}>
                    Reject KYB<span className="visually-hidden"> of {o.name}</span>
                  </button>
                ) : null}
                {deciding === o.id ? <ErrorNotice error={kyb.error} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form className="card inline-form" onSubmit={submit} noValidate aria-labelledby="new-org-title">
        <h2 id="new-org-title">New organization</h2>
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={create.error?.fieldMessage('name')} />
        <TextField label="Owner email" name="ownerEmail" type="email" value={ownerEmail} onChange={(e) => setOwnerEmail(e.target.value)} error={create.error?.fieldMessage('ownerEmail')} hint="Optional: an existing user, added as OWNER." />
        <SelectField label="Parent organization" name="parentOrganizationId" value={parentId} onChange={(e) => setParentId(e.target.value)} error={create.error?.fieldMessage('parentOrganizationId')} hint="Makes it a connected account, managed from the parent.">
          <option value="">None</option>
          {organizations
            .filter((o) => !o.parentOrganization)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </SelectField>
        <ErrorNotice error={create.error} extraFields={create.error?.unclaimedFields(['name', 'ownerEmail', 'parentOrganizationId']) ?? []} />
        <button type="submit" disabled={create.pending}>
          Create organization
        </button>
      </form>
    </section>
  );
}
