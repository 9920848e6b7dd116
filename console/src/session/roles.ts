import type { MemberRole } from '../gql/graphql';

/** Roles from least to most powerful (SPEC 2). */
export const ROLES: readonly MemberRole[] = ['VIEWER', 'DEVELOPER', 'ADMIN', 'OWNER'];

/** Everything the console offers, with the least role that may do it (SPEC 2, role matrix). */
export const MINIMUM_ROLE = {
  read: 'VIEWER',
  createApplication: 'DEVELOPER',
  createApiKey: 'DEVELOPER',
  // SPEC 3.2 (and the server): a platform operator or an OWNER issues temporary keys.
  issueTemporaryApiKey: 'OWNER',
  updateApplication: 'ADMIN',
  setApplicationEnabled: 'ADMIN',
  manageWebhooks: 'ADMIN',
  updateApiKey: 'OWNER',
  // SPEC 7: rate limits, credits and allowlists of a key are an ADMIN's to change.
  updateApiKeyUsage: 'ADMIN',
  rotateApiKey: 'OWNER',
  expireApiKeySecret: 'OWNER',
  revokeApiKey: 'OWNER',
  setAccountSecret: 'OWNER',
  manageMembers: 'OWNER',
  manageKeyPolicy: 'OWNER',
} as const satisfies Record<string, MemberRole>;

export type Action = keyof typeof MINIMUM_ROLE;

/** What the signed-in user may do in one organization. */
export interface Access {
  readonly isPlatformAdmin: boolean;
  /** The effective role there, or null for none. */
  readonly role: MemberRole | null;
}

export function can(access: Access, action: Action): boolean {
  if (access.isPlatformAdmin) return true;
  if (access.role === null) return false;
  return ROLES.indexOf(access.role) >= ROLES.indexOf(MINIMUM_ROLE[action]);
}

interface MembershipLike {
  readonly role: MemberRole;
  readonly organization: { readonly id: string };
}

interface OrganizationLike {
  readonly id: string;
  readonly parentOrganization: { readonly id: string } | null;
}

/**
 * The role that counts in an organization. A connected account is managed by the members of its
 * parent with the role they hold there; its own members may only read it (SPEC 2).
 */
export function effectiveRole(organization: OrganizationLike, memberships: readonly MembershipLike[]): MemberRole | null {
  const roleIn = (id: string) => memberships.find((m) => m.organization.id === id)?.role ?? null;
  if (organization.parentOrganization) {
    const parentRole = roleIn(organization.parentOrganization.id);
    if (parentRole) return parentRole;
    return roleIn(organization.id) ? 'VIEWER' : null;
  }
  return roleIn(organization.id);
}
