import { useCallback, useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The console's screens, parsed from the path. Nothing secret ever goes into a URL. */
export type Route =
  | { name: 'home' }
  | { name: 'applications'; organizationId: string; page: number }
  | { name: 'application'; organizationId: string; applicationId: string; page: number }
  | { name: 'members'; organizationId: string }
  | { name: 'audit'; organizationId: string }
  | { name: 'webhooks'; organizationId: string }
  | { name: 'settings'; organizationId: string }
  | { name: 'platform' }
  | { name: 'account' }
  | { name: 'exchange' }
  | { name: 'explorer' }
  | { name: 'notFound' };

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const pageParam = Number.parseInt(new URLSearchParams(search).get('page') ?? '1', 10);
  const page = Number.isFinite(pageParam) && pageParam > 0 ? pageParam : 1;
  if (parts.length === 0) return { name: 'home' };
  if (parts.length === 1 && parts[0] === 'platform') return { name: 'platform' };
  if (parts.length === 1 && parts[0] === 'account') return { name: 'account' };
  if (parts.length === 1 && parts[0] === 'exchange') return { name: 'exchange' };
  if (parts.length === 1 && parts[0] === 'explorer') return { name: 'explorer' };
  if (parts[0] !== 'orgs' || !parts[1]) return { name: 'notFound' };
  const organizationId = parts[1];
  if (parts.length === 2 || (parts.length === 3 && parts[2] === 'applications')) return { name: 'applications', organizationId, page };
  if (parts.length === 4 && parts[2] === 'applications') return { name: 'application', organizationId, applicationId: parts[3], page };
  if (parts.length === 3 && parts[2] === 'members') return { name: 'members', organizationId };
  if (parts.length === 3 && parts[2] === 'audit') return { name: 'audit', organizationId };
  if (parts.length === 3 && parts[2] === 'webhooks') return { name: 'webhooks', organizationId };
  if (parts.length === 3 && parts[2] === 'settings') return { name: 'settings', organizationId };
  return { name: 'notFound' };
}

export const paths = {
  applications: (organizationId: string, page = 1) => `/orgs/${encodeURIComponent(organizationId)}/applications${page > 1 ? `?page=${page}` : ''}`,
  application: (organizationId: string, applicationId: string, page = 1) =>
    `/orgs/${encodeURIComponent(organizationId)}/applications/${encodeURIComponent(applicationId)}${page > 1 ? `?page=${page}` : ''}`,
  members: (organizationId: string) => `/orgs/${encodeURIComponent(organizationId)}/members`,
  audit: (organizationId: string) => `/orgs/${encodeURIComponent(organizationId)}/audit`,
  webhooks: (organizationId: string) => `/orgs/${encodeURIComponent(organizationId)}/webhooks`,
  settings: (organizationId: string) => `/orgs/${encodeURIComponent(organizationId)}/settings`,
  platform: () => '/platform',
  account: () => '/account',
  exchange: () => '/exchange',
  explorer: () => '/explorer',
};

const NAVIGATE_EVENT = 'keyward:navigate';

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export function useRoute(): Route {
  const read = useCallback(() => parseRoute(window.location.pathname, window.location.search), []);
  const [route, setRoute] = useState<Route>(read);
  useEffect(() => {
    const update = () => setRoute(read());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, [read]);
  return route;
}

/** An <a> that navigates inside the console without a reload (and opens normally with a modifier). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
