import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '../api/hooks';
import { SecretDialog } from '../api-keys/SecretDialog';
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  RotateWebhookEndpointSecretDocument,
  UpdateWebhookEndpointDocument,
  WebhookEndpointsDocument,
  type WebhookEndpointFieldsFragment,
} from '../gql/graphql';
import { useCan, useOrganization } from '../organizations/organization-context';
import { Dialog, FormActions } from '../ui/Dialog';
import { ErrorNotice, formatDate, Loading } from '../ui/feedback';
import { SelectField, TextField } from '../ui/fields';
import { WebhookDeliveries } from './WebhookDeliveries';
// The event types webhooks carry (SPEC 4.3): the server's list itself, which also builds the GraphQL enum WebhookEventType.
import { WEBHOOK_EVENT_TYPES } from '../../../server/shared/event-types';

const SIGNING_NOTE = 'Keyward keeps it sealed to sign deliveries and does not show it again. Verify the webhook-signature header with it (Standard Webhooks).';

const OVERLAPS = [
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days (the most allowed)' },
] as const;

type Endpoint = WebhookEndpointFieldsFragment;

/** Organization webhook endpoints (ADMIN and up): add, enable/disable, rotate the signing secret, deliveries, delete. */
export function WebhookEndpoints() {
  const { organization } = useOrganization();
  const can = useCan();
  const query = useQuery(WebhookEndpointsDocument, { organizationId: organization.id });
  const update = useMutation(UpdateWebhookEndpointDocument);
  const [adding, setAdding] = useState(false);
  const [rotating, setRotating] = useState<Endpoint | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [showing, setShowing] = useState<string | null>(null);
  const [changedId, setChangedId] = useState<string | null>(null);

  const replace = (endpoint: Endpoint) => query.update((data) => ({ webhookEndpoints: data.webhookEndpoints.map((e) => (e.id === endpoint.id ? endpoint : e)) }));
  const toggle = async (endpoint: Endpoint) => {
    setChangedId(endpoint.id);
    const result = await update.run({ id: endpoint.id, input: { isEnabled: !endpoint.isEnabled } });
    if (result) replace(result.updateWebhookEndpoint);
  };

  const endpoints = query.data?.webhookEndpoints;
  return (
    <section aria-labelledby="webhooks-title">
      <div className="section-head">
        <h1 id="webhooks-title">Webhooks</h1>
        {can('manageWebhooks') ? (
          <button type="button" onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        ) : null}
      </div>
      <p className="lead">HTTPS endpoints of {organization.name} that receive key and application events, signed per Standard Webhooks.</p>
      <ErrorNotice error={query.error} />
      {query.loading && !endpoints ? <Loading what="webhook endpoints" /> : null}
      {endpoints && endpoints.length === 0 ? <p className="empty">No endpoints yet.</p> : null}
      {endpoints && endpoints.length > 0 ? (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Status</th>
              <th scope="col">Signing secret</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((endpoint) => (
              <tr key={endpoint.id} data-endpoint-id={endpoint.id}>
                <td data-label="URL">
                  <code className="url">{endpoint.url}</code>
                  {endpoint.description ? <span className="muted">{endpoint.description}</span> : null}
                </td>
                <td data-label="Events">{endpoint.eventTypes.length ? endpoint.eventTypes.map((t) => <code key={t} className="scope">{t}</code>) : 'All events'}</td>
                <td data-label="Status">
                  <span className={endpoint.isEnabled ? (endpoint.failingSince ? 'badge badge-inactive' : 'badge badge-active') : 'badge badge-revoked'}>
                    {endpoint.isEnabled ? (endpoint.failingSince ? 'Failing' : 'Enabled') : 'Disabled'}
                  </span>
                  {endpoint.failingSince ? <span className="muted">failing since {formatDate(endpoint.failingSince)}</span> : null}
                  {!endpoint.isEnabled && endpoint.disabledReason ? <span className="muted">{endpoint.disabledReason}</span> : null}
                </td>
                <td data-label="Signing secret">
                  <code>{endpoint.secretPrefix}…</code>
                  {endpoint.previousSecretExpiresAt ? <span className="muted">previous secret signs too until {formatDate(endpoint.previousSecretExpiresAt)}</span> : null}
                </td>
                <td className="actions">
                  <button type="button" className="button-secondary" aria-expanded={showing === endpoint.id} onClick={() => setShowing(showing === endpoint.id ? null : endpoint.id)}>
                    Deliveries<span className="visually-hidden"> to {endpoint.url}</span>
                  </button>
                  {can('manageWebhooks') ? (
                    <>
                      <button type="button" className="button-secondary" disabled={update.pending && changedId === endpoint.id} onClick={() => void toggle(endpoint)}>
                        {endpoint.isEnabled ? 'Disable' : 'Enable'}
                        <span className="visually-hidden"> {endpoint.url}</span>
                      </button>
                      <button type="button" className="button-secondary" onClick={() => setRotating(endpoint)}>
                        Rotate secret<span className="visually-hidden"> of {endpoint.url}</span>
                      </button>
                      <button type="button" className="button-danger" onClick={() => setDeleting(endpoint)}>
                        Delete<span className="visually-hidden"> {endpoint.url}</span>
                      </button>
                    </>
                  ) : null}
                  {changedId === endpoint.id ? <ErrorNotice error={update.error} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {showing ? <WebhookDeliveries endpointId={showing} url={endpoints?.find((e) => e.id === showing)?.url ?? ''} /> : null}

      {adding ? <AddEndpointDialog organizationId={organization.id} onAdded={(e) => query.update((data) => ({ webhookEndpoints: [...data.webhookEndpoints, e] }))} onClose={() => setAdding(false)} /> : null}
      {rotating ? <RotateSecretDialog endpoint={rotating} onRotated={replace} onClose={() => setRotating(null)} /> : null}
      {deleting ? (
        <DeleteEndpointDialog endpoint={deleting} onDeleted={(id) => query.update((data) => ({ webhookEndpoints: data.webhookEndpoints.filter((e) => e.id !== id) }))} onClose={() => setDeleting(null)} />
      ) : null}
    </section>
  );
}

function AddEndpointDialog({ organizationId, onAdded, onClose }: { organizationId: string; onAdded(endpoint: Endpoint): void; onClose(): void }) {
  const create = useMutation(CreateWebhookEndpointDocument);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [eventTypes, setEventTypes] = useState<string[]>([]);
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);

  if (created) return <SecretDialog keyName={created.url} title="Signing secret of the new endpoint" note={SIGNING_NOTE} secret={created.secret} onDone={onClose} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run({ input: { organizationId, url: url.trim(), description: description.trim() || null, eventTypes } });
    if (!result) return;
    onAdded(result.createWebhookEndpoint.webhookEndpoint);
    setCreated({ url: result.createWebhookEndpoint.webhookEndpoint.url, secret: result.createWebhookEndpoint.secret });
  };

  return (
    <Dialog title="Add webhook endpoint" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextField label="URL" name="url" type="url" inputMode="url" placeholder="https://example.com/webhooks/keyward" value={url} onChange={(e) => setUrl(e.target.value)} error={create.error?.fieldMessage('url')} hint="HTTPS, on a public address." data-autofocus />
        <TextField label="Description" name="description" value={description} onChange={(e) => setDescription(e.target.value)} error={create.error?.fieldMessage('description')} />
        <fieldset className="field">
          <legend>Events</legend>
          <p className="field-hint">None checked: every event.</p>
          <div className="checks">
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label key={type} className="check">
                <input type="checkbox" checked={eventTypes.includes(type)} onChange={(e) => setEventTypes((current) => (e.target.checked ? [...current, type] : current.filter((t) => t !== type)))} /> {type}
              </label>
            ))}
          </div>
          {create.error?.fieldMessage('eventTypes') ? <p className="field-error">{create.error.fieldMessage('eventTypes')}</p> : null}
        </fieldset>
        <ErrorNotice error={create.error} extraFields={create.error?.unclaimedFields(['url', 'description', 'eventTypes']) ?? []} />
        <FormActions onCancel={onClose} pending={create.pending}>Add endpoint</FormActions>
      </form>
    </Dialog>
  );
}

function RotateSecretDialog({ endpoint, onRotated, onClose }: { endpoint: Endpoint; onRotated(endpoint: Endpoint): void; onClose(): void }) {
  const rotate = useMutation(RotateWebhookEndpointSecretDocument);
  const [overlap, setOverlap] = useState('86400');
  const [secret, setSecret] = useState<string | null>(null);

  if (secret) return <SecretDialog keyName={endpoint.url} title="New signing secret" note={SIGNING_NOTE} secret={secret} onDone={onClose} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await rotate.run({ id: endpoint.id, overlapSeconds: Number(overlap) });
    if (!result) return;
    onRotated(result.rotateWebhookEndpointSecret.webhookEndpoint);
    setSecret(result.rotateWebhookEndpointSecret.secret);
  };

  return (
    <Dialog title="Rotate the signing secret" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          Deliveries to <code className="url">{endpoint.url}</code> are signed with both the old and the new secret during the overlap, so the receiver can switch without missing one.
        </p>
        <SelectField label="Overlap" name="overlapSeconds" value={overlap} onChange={(e) => setOverlap(e.target.value)} error={rotate.error?.fieldMessage('overlapSeconds')} data-autofocus>
          {OVERLAPS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <ErrorNotice error={rotate.error} />
        <FormActions onCancel={onClose} pending={rotate.pending}>Rotate secret</FormActions>
      </form>
    </Dialog>
  );
}

function DeleteEndpointDialog({ endpoint, onDeleted, onClose }: { endpoint: Endpoint; onDeleted(id: string): void; onClose(): void }) {
  const remove = useMutation(DeleteWebhookEndpointDocument);
  return (
    <Dialog title="Delete this webhook endpoint?" onClose={onClose} role="alertdialog">
      <p>
        <code className="url">{endpoint.url}</code> stops receiving events, and its queued deliveries and history are dropped.
      </p>
      <ErrorNotice error={remove.error} />
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={remove.pending}
          onClick={async () => {
            const result = await remove.run({ id: endpoint.id });
            if (!result) return;
            onDeleted(endpoint.id);
            onClose();
          }}
        >
          Delete endpoint
        </button>
      </div>
    </Dialog>
  );
}
