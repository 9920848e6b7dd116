import { useState } from 'react';
import { useApi, useQuery, useSubscription } from '../api/hooks';
import type { ApiError } from '../api/errors';
import { ApiKeyDocument, ApiKeysDocument, ApiKeyStatusChangedDocument, ApplicationDocument, ApplicationStatusChangedDocument, type ApiKeyFieldsFragment, type ApiKeysQuery } from '../gql/graphql';
import { useCan, useOrganization } from '../organizations/organization-context';
import { keyStatusHint } from './key-hints';
import { Link, navigate, paths } from '../routing/router';
import { KeyStatsDialog } from '../analytics/UsageOverview';
import { ErrorNotice, formatDate, Loading, Pagination, StatusBadge } from '../ui/feedback';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';
import { KeySecrets } from './KeySecrets';
import { RetrieveApiKeyDialog } from './RetrieveApiKeyDialog';
import { RevokeApiKeyDialog } from './RevokeApiKeyDialog';
import { RotateApiKeyDialog } from './RotateApiKeyDialog';
import { KeyUsageDialog } from '../usage/KeyUsageDialog';
import { describeLimit } from '../usage/usage-text';

const PAGE_SIZE = 20;
const FINAL_STATUSES = new Set(['REVOKED', 'EXCHANGED']);
const ROTATABLE_STATUSES = new Set(['ACTIVE', 'INACTIVE']);

type KeyPage = ApiKeysQuery['apiKeys'];

function upsert(page: KeyPage, key: ApiKeyFieldsFragment, options: { insertIfMissing: boolean }): KeyPage {
  if (page.items.some((k) => k.id === key.id)) return { ...page, items: page.items.map((k) => (k.id === key.id ? key : k)) };
  if (!options.insertIfMissing) return page;
  return { ...page, items: [...page.items, key], totalItems: page.totalItems + 1 };
}

/**
 * A key whose secret was reported leaked (secret scanning): where it was found, and what happened.
 * The location is the reporter's text, shown as text and never as a link.
 */
export function LeakBanner({ apiKey }: { apiKey: Pick<ApiKeyFieldsFragment, 'leakedAt' | 'leakedUrl' | 'status'> }) {
  if (!apiKey.leakedAt) return null;
  return (
    <p className="leak-banner" role="alert">
      <strong>Leaked secret.</strong> Found {apiKey.leakedUrl ? <>at <span className="leak-url">{apiKey.leakedUrl}</span></> : 'publicly'} on {formatDate(apiKey.leakedAt, '')}.{' '}
      {apiKey.status === 'REVOKED' ? 'The key was revoked automatically; create a new one.' : 'Rotate the key now, or revoke it.'}
    </p>
  );
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
  const [watching, setWatching] = useState<ApiKeyFieldsFragment | null>(null);
  const [rotating, setRotating] = useState<ApiKeyFieldsFragment | null>(null);
  const [retrieving, setRetrieving] = useState<ApiKeyFieldsFragment | null>(null);
  const [limiting, setLimiting] = useState<ApiKeyFieldsFragment | null>(null);
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
              <th scope="col">Usage</th>
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
                  <LeakBanner apiKey={key} />
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
                  {keyStatusHint(key, organization.kybStatus) ? <span className="muted status-hint">{keyStatusHint(key, organization.kybStatus)}</span> : null}
                </td>
                <td data-label="Scopes">{key.scopes.length ? key.scopes.map((s) => <code key={s} className="scope">{s}</code>) : <span className="muted">none</span>}</td>
                <td data-label="Last used">{formatDate(key.lastUsedAt, 'Never')}</td>
                <td data-label="Expires">{formatDate(key.expiresAt, 'Never')}</td>
                <td data-label="Usage" className="usage">
                  <span>{key.credits === null || key.credits === undefined ? 'Unlimited credits' : `${key.credits.toLocaleString('en')} credits left`}</span>
                  {key.creditRefill ? <span className="muted">refills to {key.creditRefill.amount.toLocaleString('en')} {key.creditRefill.interval.toLowerCase()}</span> : null}
                  {key.rateLimits.map((limit) => (
                    <span key={limit.name} className="muted">
                      {describeLimit(limit)}
                    </span>
                  ))}
                  {key.allowedIps?.length ? <span className="muted">from {key.allowedIps.join(', ')}</span> : null}
                </td>
                <td className="actions">
                  <button type="button" className="button-secondary" onClick={() => setWatching(key)}>
                    Usage<span className="visually-hidden"> of {key.name}</span>
                  </button>
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
                  {can('updateApiKeyUsage') && !FINAL_STATUSES.has(key.status) ? (
                    <button type="button" className="button-secondary" onClick={() => setLimiting(key)}>
                      Limits<span className="visually-hidden"> of {key.name}</span>
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
      {limiting ? <KeyUsageDialog apiKey={limiting} onSaved={addOrReplace} onClose={() => setLimiting(null)} /> : null}
      {watching ? <KeyStatsDialog apiKey={watching} onClose={() => setWatching(null)} /> : null}
      {revoking ? <RevokeApiKeyDialog apiKey={revoking} onRevoked={addOrReplace} onClose={() => setRevoking(null)} /> : null}
    </section>
  );
}
