import { useEffect, useMemo } from 'react';
import { createApiClient, sameOriginWsUrl } from './api/client';
import { PersonalAccessTokens } from './account/PersonalAccessTokens';
import { SecondFactors } from './account/SecondFactors';
import { ApiProvider, useQuery } from './api/hooks';
import { ApplicationKeys } from './api-keys/ApplicationKeys';
import { Applications } from './applications/Applications';
import { AuditLog } from './audit/AuditLog';
import { MeDocument, OrganizationsDocument } from './gql/graphql';
import { Members } from './members/Members';
import { Explorer } from './explorer/Explorer';
import { ExchangeTemporaryKey } from './organizations/ExchangeTemporaryKey';
import { NoOrganization } from './organizations/NoOrganization';
import { accessIn, OrganizationProvider, type OrganizationSummary } from './organizations/organization-context';
import { OrganizationSettings } from './organizations/OrganizationSettings';
import { PlatformOrganizations } from './platform/PlatformOrganizations';
import { can } from './session/roles';
import { WebhookEndpoints } from './webhooks/WebhookEndpoints';
import { Link, navigate, paths, useRoute, type Route } from './routing/router';
import { SignIn } from './session/SignIn';
import { useSession } from './session/session';
import { ErrorNotice, Loading } from './ui/feedback';

/** Signed out: the sign-in form. Signed in: the console, with a client bound to the session token. */
export function App() {
  const { session, signOut } = useSession();
  const route = useRoute();
  const token = session?.token ?? null;
  const client = useMemo(
    // Signed out, the client carries no token: it is only used to sign in.
    () => createApiClient({ httpUrl: '/graphql', wsUrl: sameOriginWsUrl(window.location), token, onUnauthenticated: token ? signOut : undefined }),
    [token, signOut],
  );
  useEffect(() => () => client.dispose(), [client]);

  // The exchange needs no session: the temporary key is the credential.
  const screen = route.name === 'exchange' ? <ExchangeTemporaryKey signedIn={session !== null} /> : session ? <ConsoleShell route={route} email={session.email} token={session.token} onSignOut={signOut} /> : <SignIn />;
  return <ApiProvider client={client}>{screen}</ApiProvider>;
}

function organizationIdOf(route: Route): string | null {
  return 'organizationId' in route ? route.organizationId : null;
}

function ConsoleShell({ route, email, token, onSignOut }: { route: Route; email: string; token: string; onSignOut: () => void }) {
  const me = useQuery(MeDocument, {});
  const organizations = useQuery(OrganizationsDocument, {});
  const list = organizations.data?.organizations ?? [];
  const currentId = organizationIdOf(route);
  const current: OrganizationSummary | undefined = list.find((o) => o.id === currentId);

  // SPEC 10: an organization that requires a second factor refuses members without one
  // (MFA_REQUIRED); send them to enrolment instead of a screen of errors.
  const mfaRefused = [me.error, organizations.error].some((e) => e?.code === 'MFA_REQUIRED');
  const mustEnrol = me.data !== null && me.data.me.secondFactors.length === 0 && (mfaRefused || list.some((o) => o.keyPolicy.requireMfa));
  useEffect(() => {
    if (mustEnrol && route.name !== 'account') navigate(paths.account(), { replace: true });
    else if (!mustEnrol && route.name === 'home' && list[0]) navigate(paths.applications(list[0].id), { replace: true });
  }, [mustEnrol, route.name, list]);

  const access = current && me.data && !mustEnrol ? accessIn(current, me.data.me) : null;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Keyward</span>
        {list.length > 0 ? (
          <div className="org-switcher">
            <label htmlFor="organization-switcher">Organization</label>
            <select id="organization-switcher" value={current?.id ?? ''} onChange={(e) => navigate(paths.applications(e.target.value))}>
              {current ? null : <option value="">Choose…</option>}
              {list.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.parentOrganization ? `${o.parentOrganization.name} › ${o.name}` : o.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="user">
          <Link className="user-email" href={paths.account()} aria-current={route.name === 'account' ? 'page' : undefined} title="Your personal access tokens">
            {email}
          </Link>
          {access ? <span className="role-tag">{access.isPlatformAdmin ? 'Platform admin' : (access.role ?? 'No role')}</span> : null}
          <button type="button" className="button-secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
        <div className="nav-row">
          {current ? (
            <nav className="tabs" aria-label="Sections">
              <Link href={paths.applications(current.id)} aria-current={route.name === 'applications' || route.name === 'application' ? 'page' : undefined}>
                Applications
              </Link>
              <Link href={paths.members(current.id)} aria-current={route.name === 'members' ? 'page' : undefined}>
                Members
              </Link>
              <Link href={paths.audit(current.id)} aria-current={route.name === 'audit' ? 'page' : undefined}>
                Audit log
              </Link>
              {access && can(access, 'manageWebhooks') ? (
                <Link href={paths.webhooks(current.id)} aria-current={route.name === 'webhooks' ? 'page' : undefined}>
                  Webhooks
                </Link>
              ) : null}
              <Link href={paths.settings(current.id)} aria-current={route.name === 'settings' ? 'page' : undefined}>
                Settings
              </Link>
            </nav>
          ) : null}
          <Link className="platform-link" href={paths.explorer()} aria-current={route.name === 'explorer' ? 'page' : undefined}>
            <span className="wide-only">GraphQL </span>explorer
          </Link>
          {me.data?.me.isPlatformAdmin ? (
            <Link className="platform-link" href={paths.platform()} aria-current={route.name === 'platform' ? 'page' : undefined}>
              All organizations
            </Link>
          ) : null}
        </div>
      </header>
      <main id="main" className="content">
        <ErrorNotice error={me.error ?? organizations.error} />
        {organizations.loading && !organizations.data ? <Loading what="organizations" /> : null}
        {route.name === 'account' ? (
          <>
            <SecondFactors required={mustEnrol} onChanged={() => void me.refetch()} />
            {mustEnrol ? null : <PersonalAccessTokens organizations={list} />}
          </>
        ) : null}
        {route.name === 'explorer' ? <Explorer token={token} /> : null}
        {organizations.data && me.data && list.length === 0 && route.name !== 'platform' && route.name !== 'account' && route.name !== 'explorer' ? (
          <NoOrganization
            isPlatformAdmin={me.data.me.isPlatformAdmin}
            onCreated={(created) => {
              organizations.update(() => ({ organizations: [created] }));
              navigate(paths.applications(created.id));
            }}
          />
        ) : null}
        {route.name === 'platform' && me.data?.me.isPlatformAdmin && organizations.data ? (
          <PlatformOrganizations
            organizations={list}
            onChanged={(changed) => organizations.update((data) => ({ organizations: data.organizations.map((o) => (o.id === changed.id ? { ...o, ...changed } : o)) }))}
            onCreated={(created) => organizations.update((data) => ({ organizations: [...data.organizations, created] }))}
          />
        ) : null}
        {route.name === 'notFound' || (currentId && organizations.data && !current) ? <p className="empty">There is nothing here. Choose an organization above.</p> : null}
        {current && access ? (
          <OrganizationProvider value={{ organization: current, access }}>
            <Screen route={route} />
          </OrganizationProvider>
        ) : null}
      </main>
    </div>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'applications':
      return <Applications page={route.page} />;
    case 'application':
      return <ApplicationKeys applicationId={route.applicationId} page={route.page} />;
    case 'members':
      return <Members />;
    case 'audit':
      return <AuditLog />;
    case 'webhooks':
      return <WebhookEndpoints />;
    case 'settings':
      return <OrganizationSettings />;
    default:
      return null;
  }
}
