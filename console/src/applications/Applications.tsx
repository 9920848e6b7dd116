import { useState } from 'react';
import { useMutation, useQuery, useSubscription } from '../api/hooks';
import { ApplicationsDocument, ApplicationStatusChangedDocument, CreateApplicationDocument, SetApplicationEnabledDocument, UpdateApplicationDocument, type ApplicationFieldsFragment } from '../gql/graphql';
import { useCan, useOrganization } from '../organizations/organization-context';
import { Link, navigate, paths } from '../routing/router';
import { ErrorNotice, formatDate, Loading, Pagination } from '../ui/feedback';
import { ApplicationFormDialog } from './ApplicationFormDialog';
import { ApplicationUsageDialog } from '../usage/ApplicationUsageDialog';
import { describeLimit } from '../usage/usage-text';
import { UsageOverview } from '../analytics/UsageOverview';

const PAGE_SIZE = 20;

export function Applications({ page }: { page: number }) {
  const { organization } = useOrganization();
  const can = useCan();
  const query = useQuery(ApplicationsDocument, { organizationId: organization.id, page, limit: PAGE_SIZE });
  const create = useMutation(CreateApplicationDocument);
  const rename = useMutation(UpdateApplicationDocument);
  const setEnabled = useMutation(SetApplicationEnabledDocument);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<ApplicationFieldsFragment | null>(null);
  const [limiting, setLimiting] = useState<ApplicationFieldsFragment | null>(null);
  const [toggledId, setToggledId] = useState<string | null>(null);

  const replace = (app: ApplicationFieldsFragment) =>
    query.update((data) => ({ applications: { ...data.applications, items: data.applications.items.map((a) => (a.id === app.id ? app : a)) } }));

  // Enabled/disabled from anywhere (another admin, a script) shows here without a reload.
  useSubscription(ApplicationStatusChangedDocument, { organizationId: organization.id }, { next: ({ applicationStatusChanged }) => replace(applicationStatusChanged.application) });

  const toggle = async (app: ApplicationFieldsFragment) => {
    setToggledId(app.id);
    const result = await setEnabled.run({ id: app.id, isEnabled: !app.isEnabled });
    if (result) replace(result.setApplicationEnabled);
  };

  const applications = query.data?.applications;
  return (
    <section aria-labelledby="applications-title">
      <div className="section-head">
        <h1 id="applications-title">Applications</h1>
        {can('createApplication') ? (
          <button
            type="button"
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            New application
          </button>
        ) : null}
      </div>
      <p className="lead">Applications of {organization.name}. Each one groups the API keys of one integration.</p>
      <UsageOverview organizationId={organization.id} />
      <ErrorNotice error={query.error} />
      {query.loading && !applications ? <Loading what="applications" /> : null}
      {applications && applications.items.length === 0 ? <p className="empty">No applications yet.</p> : null}
      {applications && applications.items.length > 0 ? (
        <table className="table responsive">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Shared limits</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {applications.items.map((app) => (
              <tr key={app.id}>
                <td data-label="Name">
                  <Link href={paths.application(organization.id, app.id)}>{app.name}</Link>
                </td>
                <td data-label="Description">{app.description || '—'}</td>
                <td data-label="Status">
                  <span className={app.isEnabled ? 'badge badge-active' : 'badge badge-revoked'}>{app.isEnabled ? 'Enabled' : 'Disabled'}</span>
                </td>
                <td data-label="Created">{formatDate(app.createdAt)}</td>
                <td data-label="Shared limits" className="usage">
                  {app.rateLimits.length === 0 && !app.allowedIps?.length ? <span className="muted">none</span> : null}
                  {app.rateLimits.map((limit) => (
                    <span key={limit.name} className="muted">
                      {describeLimit(limit)}
                    </span>
                  ))}
                  {app.allowedIps?.length ? <span className="muted">from {app.allowedIps.join(', ')}</span> : null}
                </td>
                <td className="actions">
                  {can('updateApplication') ? (
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => {
                        rename.reset();
                        setRenaming(app);
                      }}
                    >
                      Rename<span className="visually-hidden"> {app.name}</span>
                    </button>
                  ) : null}
                  {can('updateApplication') ? (
                    <button type="button" className="button-secondary" onClick={() => setLimiting(app)}>
                      Limits<span className="visually-hidden"> of {app.name}</span>
                    </button>
                  ) : null}
                  {can('setApplicationEnabled') ? (
                    <button type="button" className={app.isEnabled ? 'button-danger' : 'button-secondary'} disabled={setEnabled.pending && toggledId === app.id} onClick={() => void toggle(app)}>
                      {app.isEnabled ? 'Disable' : 'Enable'}
                      <span className="visually-hidden"> {app.name}</span>
                    </button>
                  ) : null}
                  {toggledId === app.id ? <ErrorNotice error={setEnabled.error} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {applications && applications.totalPages > 1 ? <Pagination label="Applications" {...applications} onPage={(p) => navigate(paths.applications(organization.id, p))} /> : null}

      {creating ? (
        <ApplicationFormDialog
          title="New application"
          submitLabel="Create application"
          error={create.error}
          pending={create.pending}
          onClose={() => setCreating(false)}
          onSubmit={async (values) => {
            const result = await create.run({ input: { organizationId: organization.id, name: values.name, description: values.description || null } });
            if (!result) return;
            setCreating(false);
            navigate(paths.application(organization.id, result.createApplication.id));
          }}
        />
      ) : null}
      {limiting ? <ApplicationUsageDialog application={limiting} onSaved={replace} onClose={() => setLimiting(null)} /> : null}
      {renaming ? (
        <ApplicationFormDialog
          title={`Rename ${renaming.name}`}
          submitLabel="Save"
          initial={{ name: renaming.name, description: renaming.description ?? '' }}
          error={rename.error}
          pending={rename.pending}
          onClose={() => setRenaming(null)}
          onSubmit={async (values) => {
            const result = await rename.run({ id: renaming.id, input: { name: values.name, description: values.description || null } });
            if (!result) return;
            replace(result.updateApplication);
            setRenaming(null);
          }}
        />
      ) : null}
    </section>
  );
}
