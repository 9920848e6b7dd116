import { useState } from 'react';
import { useApi, useQuery, useSubscription } from '../api/hooks';
import type { ApiError } from '../api/errors';
import { ApiKeyDocument, ApiKeysDocument, ApiKeyStatusChangedDocument, ApplicationDocument, ApplicationStatusChangedDocument, type ApiKeyFieldsFragment, type ApiKeysQuery } from '../gql/graphql';
import { useCan, useOrganization } from '../organizations/organization-context';
import { Link, navigate, paths } from '../routing/router';
import { ErrorNotice, formatDate, Loading, Pagination, StatusBadge } from '../ui/feedback';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';
import { KeySecrets } from './KeySecrets';
import { RetrieveApiKeyDialog } from './RetrieveApiKeyDialog';
import { RevokeApiKeyDialog } from './RevokeApiKeyDialog';
import { RotateApiKeyDialog } from './RotateApiKeyDialog';

const PAGE_SIZE = 20;
const FINAL_STATUSES = new Set(['REVOKED', 'EXCHANGED']);
const ROTATABLE_STATUSES = new Set(['ACTIVE', 'INACTIVE']);

type KeyPage = ApiKeysQuery['apiKeys'];

function upsert(page: KeyPage, key: ApiKeyFieldsFragment, options: { insertIfMissing: boolean }): KeyPage {
  if (page.items.some((k) => k.id === key.id)) return { ...page, items: page.items.map((k) => (k.id === key.id ? key : k)) };
  if (!options.insertIfMissing) return page;
  return { ...page, items: [...page.items, key], totalItems: page.totalItems + 1 };
}

/** An application's keys, with live status badges from the apiKeyStatusChanged subscription. */
export function ApplicationKeys({ applicationId, page }: { applicationId: string; page: number }) {
  const { organization } = useOrganization();
  const can = useCan();
  const api = useApi();
  const application = useQuery(ApplicationDocument, { id: applicationId });
  const keys = useQuery(ApiKeysDocument, { organizationId: organization.id, applicationId, page, limit: PAGE_SIZE });
  const [creating, setCreating] = useState<'permanent' | 'temporary' | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyFieldsFragment | null>(null);
  const [rotating, setRotating] = useState<ApiKeyFieldsFragment | null>(null);
  const [retrieving, setRetrieving] = useState<ApiKeyFieldsFragment | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [liveError, setLiveError] = useState<ApiError | null>(null);

  useSubscription(
    ApiKeyStatusChangedDocument,
    { organizationId: organization.id, applicationId },
    {
      next: ({ apiKeyStatusChanged: event }) => {
        setLiveError(null);
        // The status shows at once; the secrets list is read again, because an event's nested
        // fields may have been resolved before later changes (rotations come in quick pairs).
        keys.update((data) => {
          const known = data.apiKeys.items.find((k) => k.id === event.apiKey.id);
          return { apiKeys: upsert(data.apiKeys, { ...event.apiKey, secrets: known?.secrets ?? event.apiKey.secrets }, { insertIfMissing: page === 1 }) };
        });
        setAnnouncement(
          event.status === event.previousStatus ? `${event.apiKey.name}: its secrets changed.` : `${event.apiKey.name} is now ${event.status.toLowerCase().replace('_', ' ')}.`,
        );
        api.request(ApiKeyDocument, { id: event.apiKey.id }).then(
          (fresh) => keys.update((data) => ({ apiKeys: upsert(data.apiKeys, fresh.apiKey, { insertIfMissing: false }) })),
          () => undefined,
        );
      },
      error: setLiveError,
      // Events sent while the socket was down are lost: read the page again.
      reconnected: () => void keys.refetch(),
    },
  );

  useSubscription(
    ApplicationStatusChangedDocument,
    { organizationId: organization.id },
    {
      next: ({ applicationStatusChanged: event }) => {
        if (event.application.id !== applicationId) return;
        application.update(() => ({ application: event.application }));
        setAnnouncement(`The application is now ${event.status.toLowerCase()}.`);
      },
    },
  );

  const app = application.data?.application;
  const list = keys.data?.apiKeys;
  const addOrReplace = (key: ApiKeyFieldsFragment) => keys.update((data) => ({ apiKeys: upsert(data.apiKeys, key, { insertIfMissing: page === 1 }) }));

  return (
    <section aria-labelledby="keys-title">
      <p className="breadcrumb">
        <Link href={paths.applications(organization.id)}>Applications</Link> <span aria-hidden="true">›</span>
      </p>
      <div className="section-head">
        <h1 id="keys-title">{app ? app.name : 'Application'}</h1>
        <div className="head-actions">
          {can('issueTemporaryApiKey') ? (
            <button type="button" className="button-secondary" onClick={() => setCreating('temporary')}>
              Issue temporary key
            </button>
          ) : null}
          {can('createApiKey') ? (
            <button type="button" onClick={() => setCreating('permanent')}>
              Create API key
            </button>
          ) : null}
        </div>
      </div>
      {app ? (
        <p className="lead">
          {app.description || 'API keys of this application.'}{' '}
          {app.isEnabled ? null : <strong className="badge badge-revoked">Application disabled: its keys do not work</strong>}
        </p>
      ) : null}
      <ErrorNotice error={application.error ?? keys.error} />
      {liveError ? <ErrorNotice error={liveError} /> : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {keys.loading && !list ? <Loading what="API keys" /> : null}
      {list && list.items.length === 0 ? <p className="empty">No API keys yet.</p> : null}
      {list && list.items.length > 0 ? (
        <table className="table responsive keys-table">
          <caption className="visually-hidden">API keys; statuses update live</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Name</th>
              <th scope="col">Environment</th>
              <th scope="col">Status</th>
              <th scope="col">Scopes</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((key) => (
              <tr key={key.id} data-key-id={key.id}>
                <td data-label="Key">
                  <code>{key.keyPrefix}…</code>
                  {key.kind === 'TEMPORARY' ? <span className="muted">temporary</span> : null}
                  {key.recoverable ? <span className="muted">recoverable</span> : null}
                  <KeySecrets apiKey={key} canExpire={can('expireApiKeySecret')} onChanged={addOrReplace} />
                </td>
                <td data-label="Name">
                  <span className="key-name">{key.name}</span>
                  <span className="muted">{key.description}</span>
                </td>
                <td data-label="Environment">
                  <span className={`env env-${key.environment.toLowerCase()}`}>{key.environment}</span>
                </td>
                <td data-label="Status">
                  <StatusBadge status={key.status} />
                </td>
                <td data-label="Scopes">{key.scopes.length ? key.scopes.map((s) => <code key={s} className="scope">{s}</code>) : <span className="muted">none</span>}</td>
                <td data-label="Last used">{formatDate(key.lastUsedAt, 'Never')}</td>
                <td data-label="Expires">{formatDate(key.expiresAt, 'Never')}</td>
                <td className="actions">
                  {can('rotateApiKey') && key.kind === 'PERMANENT' && ROTATABLE_STATUSES.has(key.status) ? (
                    <button type="button" className="button-secondary" onClick={() => setRotating(key)}>
                      Rotate<span className="visually-hidden"> {key.name}</span>
                    </button>
                  ) : null}
                  {can('rotateApiKey') && key.recoverable && ROTATABLE_STATUSES.has(key.status) ? (
                    <button type="button" className="button-secondary" onClick={() => setRetrieving(key)}>
                      Retrieve<span className="visually-hidden"> the secret of {key.name}</span>
                    </button>
                  ) : null}
                  {can('revokeApiKey') && !FINAL_STATUSES.has(key.status) ? (
                    <button type="button" className="button-danger" onClick={() => setRevoking(key)}>
                      Revoke<span className="visually-hidden"> {key.name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list && list.totalPages > 1 ? <Pagination label="API keys" {...list} onPage={(p) => navigate(paths.application(organization.id, applicationId, p))} /> : null}

      {creating ? <CreateApiKeyDialog applicationId={applicationId} temporary={creating === 'temporary'} onCreated={addOrReplace} onClose={() => setCreating(null)} /> : null}
      {retrieving ? <RetrieveApiKeyDialog apiKey={retrieving} onClose={() => setRetrieving(null)} /> : null}
      {rotating ? <RotateApiKeyDialog apiKey={rotating} onRotated={addOrReplace} onClose={() => setRotating(null)} /> : null}
      {revoking ? <RevokeApiKeyDialog apiKey={revoking} onRevoked={addOrReplace} onClose={() => setRevoking(null)} /> : null}
    </section>
  );
}
