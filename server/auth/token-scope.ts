import { MemberRole } from './member-role';
import { Actor } from './actor';
import { User } from './user.entity';

/** The limits a personal access token carries (SPEC 10); null fields mean "as its owner". */
export interface TokenScope {
  readonly organizationId: string | null;
  readonly maxRole: MemberRole | null;
}

const RANK: Readonly<Record<MemberRole, number>> = { [MemberRole.VIEWER]: 0, [MemberRole.DEVELOPER]: 1, [MemberRole.ADMIN]: 2, [MemberRole.OWNER]: 3 };

export function lesserRole(a: MemberRole, b: MemberRole | null): MemberRole {
  return b !== null && RANK[b] < RANK[a] ? b : a;
}

export const isNarrowed = (scope: TokenScope | null): scope is TokenScope => scope !== null && (scope.organizationId !== null || scope.maxRole !== null);

/**
 * What an actor may act as once its token's limits are applied, decided once where the actor is
 * built (authentication, and a subscription's re-check) so every check downstream — role matrix,
 * tenant scoping, lists — sees only the narrowed rights:
 * - memberships are cut to the token's organization (a connected account of it is still managed
 *   from it, with the narrowed role), anything else reads as not a member: NOT_FOUND;
 * - each role is the lesser of the owner's role and the token's maxRole;
 * - a narrowed token of a platform admin holds no platform-wide right: in its organization it acts
 *   as its maxRole (OWNER when unset), elsewhere only through real memberships, capped.
 */
export function narrowActor(actor: Actor): Actor {
  const scope = actor.tokenScope;
  if (!isNarrowed(scope)) return actor;
  const memberships = new Map<string, MemberRole>();
  for (const [organizationId, role] of actor.memberships) {
    if (scope.organizationId !== null && organizationId !== scope.organizationId) continue;
    memberships.set(organizationId, lesserRole(role, scope.maxRole));
  }
  if (actor.user.isPlatformAdmin && scope.organizationId !== null && !memberships.has(scope.organizationId)) {
    memberships.set(scope.organizationId, lesserRole(MemberRole.OWNER, scope.maxRole));
  }
  const user = Object.assign(new User(), actor.user, { isPlatformAdmin: false });
  return { ...actor, user, memberships };
}
