import { useEffect, useMemo } from 'react';
import { createApiClient, sameOriginWsUrl } from './api/client';
import { ApiProvider, useQuery } from './api/hooks';
import { ApplicationKeys } from './api-keys/ApplicationKeys';
import { Applications } from './applications/Applications';
import { MeDocument, OrganizationsDocument } from './gql/graphql';
import { Members } from './members/Members';
import { accessIn, OrganizationProvider, type OrganizationSummary } from './organizations/organization-context';
import { Link, navigate, paths, useRoute, type Route } from './routing/router';
import { SignIn } from './session/SignIn';
import { useSession } from './session/session';
import { ErrorNotice, Loading } from './ui/feedback';

/** Signed out: the sign-in form. Signed in: the console, with a client bound to the session token. */
export function App() {
  const { session, signOut } = useSession();
  const token = session?.token ?? null;
  const client = useMemo(
    // Signed out, the client carries no token: it is only used to sign in.
    () => createApiClient({ httpUrl: '/graphql', wsUrl: sameOriginWsUrl(window.location), token, onUnauthenticated: token ? signOut : undefined }),
    [token, signOut],
  );
  useEffect(() => () => client.dispose(), [client]);

  return <ApiProvider client={client}>{session ? <ConsoleShell email={session.email} onSignOut={signOut} /> : <SignIn />}</ApiProvider>;
}

function organizationIdOf(route: Route): string | null {
  return 'organizationId' in route ? route.organizationId : null;
}

function ConsoleShell({ email, onSignOut }: { email: string; onSignOut: () => void }) {
  const route = useRoute();
  const me = useQuery(MeDocument, {});
  const organizations = useQuery(OrganizationsDocument, {});
  const list = organizations.data?.organizations ?? [];
  const currentId = organizationIdOf(route);
  const current: OrganizationSummary | undefined = list.find((o) => o.id === currentId);

  useEffect(() => {
    if (route.name === 'home' && list[0]) navigate(paths.applications(list[0].id), { replace: true });
  }, [route.name, list]);

  const access = current && me.data ? accessIn(current, me.data.me) : null;

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
        {current ? (
          <nav className="tabs" aria-label="Sections">
            <Link href={paths.applications(current.id)} aria-current={route.name === 'applications' || route.name === 'application' ? 'page' : undefined}>
              Applications
            </Link>
            <Link href={paths.members(current.id)} aria-current={route.name === 'members' ? 'page' : undefined}>
              Members
            </Link>
          </nav>
        ) : null}
        <div className="user">
          <span className="user-email">{email}</span>
          {access ? <span className="role-tag">{access.isPlatformAdmin ? 'Platform admin' : (access.role ?? 'No role')}</span> : null}
          <button type="button" className="button-secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content">
        <ErrorNotice error={me.error ?? organizations.error} />
        {organizations.loading && !organizations.data ? <Loading what="organizations" /> : null}
        {organizations.data && list.length === 0 ? <p className="empty">You are not a member of any organization yet. Ask an owner to add you.</p> : null}
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
    default:
      return null;
  }
}
