import { createContext, useContext, type ReactNode } from 'react';
import type { MeQuery, OrganizationsQuery } from '../gql/graphql';
import { can, effectiveRole, type Access, type Action } from '../session/roles';

export type OrganizationSummary = OrganizationsQuery['organizations'][number];

export interface OrganizationContextValue {
  readonly organization: OrganizationSummary;
  readonly access: Access;
}

const OrganizationContext = createContext<OrganizationContextValue | null>(null);

export function accessIn(organization: OrganizationSummary, me: MeQuery['me']): Access {
  return { isPlatformAdmin: me.isPlatformAdmin, role: effectiveRole(organization, me.memberships) };
}

export function OrganizationProvider({ value, children }: { value: OrganizationContextValue; children: ReactNode }) {
  return <OrganizationContext.Provider value={value}>{children}</OrganizationContext.Provider>;
}

export function useOrganization(): OrganizationContextValue {
  const value = useContext(OrganizationContext);
  if (!value) throw new Error('useOrganization needs an <OrganizationProvider>');
  return value;
}

/** Whether the signed-in user may take an action in the current organization. */
export function useCan(): (action: Action) => boolean {
  const { access } = useOrganization();
  return (action) => can(access, action);
}
