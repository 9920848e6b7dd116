import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/hooks';
import { SecretDialog } from '../api-keys/SecretDialog';
import { CreatePersonalAccessTokenDocument, MyPersonalAccessTokensDocument, RevokePersonalAccessTokenDocument, type MemberRole, type PersonalAccessTokenFieldsFragment } from '../gql/graphql';
import { ErrorNotice, formatDate, Loading } from '../ui/feedback';
import { SelectField, TextField } from '../ui/fields';

const LIFETIMES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
] as const;

const ROLES: readonly MemberRole[] = ['VIEWER', 'DEVELOPER', 'ADMIN', 'OWNER'];

const TOKEN_NOTE = 'Keyward keeps only a hash of it. Use it as Authorization: Bearer <token> in scripts and with npx keyward gql.';

/**
 * The signed-in user's personal access tokens (pat_…), for scripts. Least privilege (SPEC 10):
 * a token may be limited to one organization and a maximum role, and always expires within a year.
 */
export function PersonalAccessTokens({ organizations }: { organizations: ReadonlyArray<{ id: string; name: string }> }) {
  const query = useQuery(MyPersonalAccessTokensDocument, {});
  const create = useMutation(CreatePersonalAccessTokenDocument);
  const revoke = useMutation(RevokePersonalAccessTokenDocument);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [organizationId, setOrganizationId] = useState('');
  const [maxRole, setMaxRole] = useState<MemberRole | ''>('VIEWER');
  const organizationName = (id: string | null) => (id ? (organizations.find((o) => o.id === id)?.name ?? id) : 'All');
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revokingId, setRevokingId] = useState<string | null>(null);

  const setTokens = (change: (tokens: PersonalAccessTokenFieldsFragment[]) => PersonalAccessTokenFieldsFragment[]) =>
    query.update((data) => ({ me: { ...data.me, personalAccessTokens: change(data.me.personalAccessTokens) } }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run({ input: { name: name.trim(), expiresInDays: Number(days), organizationId: organizationId || null, maxRole: maxRole || null } });
    if (!result) return;
    setTokens((tokens) => [...tokens, result.createPersonalAccessToken.personalAccessToken]);
    setCreated({ name: result.createPersonalAccessToken.personalAccessToken.name, token: result.createPersonalAccessToken.token });
    setName('');
  };

  const tokens = query.data?.me.personalAccessTokens;
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">Personal access tokens</h1>
      <p className="lead">Tokens that act as you ({query.data?.me.email ?? '…'}) in scripts and the keyward CLI. Revoke the ones you no longer use.</p>
      <ErrorNotice error={query.error} />
      {query.loading && !tokens ? <Loading what="tokens" /> : null}
      {tokens && tokens.length === 0 ? <p className="empty">No tokens yet.</p> : null}
      {tokens && tokens.length > 0 ? (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Token</th>
              <th scope="col">Organization</th>
              <th scope="col">Role at most</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td data-label="Name">{token.name}</td>
                <td data-label="Token">
                  <code>{token.tokenPrefix}…</code>
                  {token.revokedAt ? <span className="badge badge-revoked">Revoked</span> : null}
                </td>
                <td data-label="Organization">{organizationName(token.organizationId)}</td>
                <td data-label="Role at most">{token.maxRole ?? 'As you'}</td>
                <td data-label="Last used">{formatDate(token.lastUsedAt, 'Never')}</td>
                <td data-label="Expires">{formatDate(token.expiresAt, 'Never')}</td>
                <td className="actions">
                  {token.revokedAt ? null : (
                    <button
                      type="button"
                      className="button-danger"
                      disabled={revoke.pending && revokingId === token.id}
                      onClick={async () => {
                        setRevokingId(token.id);
                        const result = await revoke.run({ id: token.id });
                        if (result) setTokens((all) => all.map((t) => (t.id === token.id ? result.revokePersonalAccessToken : t)));
                      }}
                    >
                      Revoke<span className="visually-hidden"> {token.name}</span>
                    </button>
                  )}
                  {revokingId === token.id ? <ErrorNotice error={revoke.error} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="card inline-form" onSubmit={submit} noValidate aria-labelledby="new-token-title">
        <h2 id="new-token-title">New token</h2>
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={create.error?.fieldMessage('name')} hint="What it is for, e.g. “nightly key report”." />
        <SelectField label="Expires" name="expiresInDays" value={days} onChange={(e) => setDays(e.target.value)} error={create.error?.fieldMessage('expiresInDays')}>
          {LIFETIMES.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Token scope" name="organizationId" value={organizationId} onChange={(e) => setOrganizationId(e.target.value)} error={create.error?.fieldMessage('organizationId')}>
          <option value="">All your organizations</option>
          {organizations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Role at most" name="maxRole" value={maxRole} onChange={(e) => setMaxRole(e.target.value as MemberRole | '')} error={create.error?.fieldMessage('maxRole')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
          <option value="">Same as yours</option>
        </SelectField>
        <ErrorNotice error={create.error} extraFields={create.error?.unclaimedFields(['name', 'expiresInDays', 'organizationId', 'maxRole']) ?? []} />
        <button type="submit" disabled={create.pending}>
          Create token
        </button>
      </form>
      {created ? <SecretDialog keyName={created.name} title={`Token ${created.name}`} note={TOKEN_NOTE} secret={created.token} onDone={() => setCreated(null)} /> : null}
    </section>
  );
}
