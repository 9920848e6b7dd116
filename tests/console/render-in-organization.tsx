import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ApiProvider } from '../../console/src/api/hooks';
import type { MemberRole } from '../../console/src/gql/graphql';
import { OrganizationProvider, type OrganizationSummary } from '../../console/src/organizations/organization-context';
import type { FakeApi } from './fake-api';

/** Acme, KYB approved: the organization the console tests work in unless they say otherwise. */
export const ACME: OrganizationSummary = { id: 'org_1', name: 'Acme', slug: 'acme', kybStatus: 'APPROVED', paymentsEnabled: true, keyPolicy: { requireMfa: false }, parentOrganization: null };

/** Renders a console page as a member with `role` of `organization`, talking to the fake API. */
export function renderInOrganization(client: FakeApi, page: ReactElement, options: { role?: MemberRole | null; organization?: Partial<OrganizationSummary> } = {}) {
  const role = options.role === undefined ? 'VIEWER' : options.role;
  return render(
    <ApiProvider client={client}>
      <OrganizationProvider value={{ organization: { ...ACME, ...options.organization }, access: { isPlatformAdmin: false, role } }}>{page}</OrganizationProvider>
    </ApiProvider>,
  );
}
