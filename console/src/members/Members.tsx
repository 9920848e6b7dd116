import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/hooks';
import { AddMemberDocument, OrganizationMembersDocument, RemoveMemberDocument, UpdateMemberRoleDocument, type MemberFieldsFragment, type MemberRole } from '../gql/graphql';
import { useCan, useOrganization } from '../organizations/organization-context';
import { ROLES } from '../session/roles';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice, formatDate, Loading } from '../ui/feedback';
import { SelectField, TextField } from '../ui/fields';

const ROLE_WORDS: Record<MemberRole, string> = {
  VIEWER: 'Viewer — reads everything, changes nothing',
  DEVELOPER: 'Developer — creates applications and keys',
  ADMIN: 'Admin — also updates, enables and disables applications',
  OWNER: 'Owner — also revokes and rotates keys, manages members',
};

export function Members() {
  const { organization } = useOrganization();
  const can = useCan();
  const manage = can('manageMembers');
  const query = useQuery(OrganizationMembersDocument, { id: organization.id });
  const add = useMutation(AddMemberDocument);
  const changeRole = useMutation(UpdateMemberRoleDocument);
  const remove = useMutation(RemoveMemberDocument);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<MemberRole>('DEVELOPER');
  const [changedId, setChangedId] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberFieldsFragment | null>(null);
  const roleHeaderId = useId();

  const setMembers = (change: (members: MemberFieldsFragment[]) => MemberFieldsFragment[]) =>
    query.update((data) => ({ organization: { ...data.organization, members: change(data.organization.members) } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await add.run({ organizationId: organization.id, email: email.trim(), role });
    if (!result) return;
    setMembers((members) => [...members.filter((m) => m.id !== result.addMember.id), result.addMember]);
    setEmail('');
  };

  const updateRole = async (member: MemberFieldsFragment, next: MemberRole) => {
    setChangedId(member.id);
    const result = await changeRole.run({ organizationId: organization.id, userId: member.user.id, role: next });
    if (result) setMembers((members) => members.map((m) => (m.id === member.id ? result.updateMemberRole : m)));
  };

  const members = query.data?.organization.members;
  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title">Members</h1>
      <p className="lead">Who can use {organization.name}, and with which role.</p>
      <ErrorNotice error={query.error} />
      {query.loading && !members ? <Loading what="members" /> : null}
      {members ? (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col" id={roleHeaderId}>
                Role
              </th>
              <th scope="col">Member since</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id}>
                <td data-label="Email" id={`email-${member.id}`}>
                  {member.user.email}
                </td>
                <td data-label="Role">
                  {manage ? (
                    <>
                      {/* Named by the visible column header and the member's email: "Role alice@…". */}
                      <select id={`role-${member.id}`} aria-labelledby={`${roleHeaderId} email-${member.id}`} value={member.role} disabled={changeRole.pending && changedId === member.id} onChange={(e) => void updateRole(member, e.target.value as MemberRole)}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      {changedId === member.id ? <ErrorNotice error={changeRole.error} /> : null}
                    </>
                  ) : (
                    member.role
                  )}
                </td>
                <td data-label="Member since">{formatDate(member.createdAt)}</td>
                <td className="actions">
                  {manage ? (
                    <button
                      type="button"
                      className="button-danger"
                      onClick={() => {
                        remove.reset();
                        setRemoving(member);
                      }}
                    >
                      Remove<span className="visually-hidden"> {member.user.email}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {manage ? (
        <form className="card inline-form" onSubmit={submit} noValidate aria-labelledby="add-member-title">
          <h2 id="add-member-title">Add a member</h2>
          <TextField label="Email" type="email" name="email" value={email} onChange={(e) => setEmail(e.target.value)} error={add.error?.fieldMessage('email')} hint="The person must already have a Keyward user." />
          <SelectField label="Role" name="role" value={role} onChange={(e) => setRole(e.target.value as MemberRole)} error={add.error?.fieldMessage('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_WORDS[r]}
              </option>
            ))}
          </SelectField>
          <ErrorNotice error={add.error} extraFields={add.error?.unclaimedFields(['email', 'role']) ?? []} />
          <button type="submit" disabled={add.pending}>
            Add member
          </button>
        </form>
      ) : null}

      {removing ? (
        <Dialog title={`Remove ${removing.user.email}?`} onClose={() => setRemoving(null)} role="alertdialog">
          <p>
            {removing.user.email} loses access to {organization.name} on their next request.
          </p>
          <ErrorNotice error={remove.error} />
          <div className="dialog-actions">
            <button type="button" className="button-secondary" onClick={() => setRemoving(null)} data-autofocus>
              Cancel
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={remove.pending}
              onClick={async () => {
                const result = await remove.run({ organizationId: organization.id, userId: removing.user.id });
                if (!result) return;
                setMembers((members) => members.filter((m) => m.id !== removing.id));
                setRemoving(null);
              }}
            >
              Remove member
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
