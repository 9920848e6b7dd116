import { AccessService } from '../../server/auth/access.service';
import { Actor } from '../../server/auth/actor';
import { can, Permission } from '../../server/auth/roles';
import { User } from '../../server/auth/user.entity';
import { DomainError } from '../../server/errors';
import { Organization } from '../../server/organizations/organization.entity';
import { MemberRole } from '../../server/auth/member-role';

const { VIEWER, DEVELOPER, ADMIN, OWNER } = MemberRole;

describe('role matrix (SPEC 2)', () => {
  const matrix: Array<[Permission, MemberRole[]]> = [
    [Permission.READ, [VIEWER, DEVELOPER, ADMIN, OWNER]],
    [Permission.CREATE_KEYS, [DEVELOPER, ADMIN, OWNER]],
    [Permission.MANAGE_APPLICATIONS, [ADMIN, OWNER]],
    [Permission.READ_WEBHOOKS, [ADMIN, OWNER]],
    [Permission.MANAGE_USAGE, [ADMIN, OWNER]],
    [Permission.MANAGE_KEYS, [OWNER]],
    [Permission.MANAGE_ORGANIZATION, [OWNER]],
    [Permission.MANAGE_KEY_POLICY, [OWNER]],
  ];
  it('covers every permission', () => {
    expect(matrix.map(([p]) => p).sort()).toEqual(Object.values(Permission).sort());
  });
  it.each(matrix)('%s is granted to exactly %j', (permission, allowed) => {
    for (const role of Object.values(MemberRole)) expect(can(role, permission)).toBe(allowed.includes(role));
  });
});

describe('access checks', () => {
  const access = new AccessService();
  const org = (id: string, parent: string | null = null): Organization => Object.assign(new Organization(), { id, parentOrganizationId: parent });
  const actor = (memberships: Record<string, MemberRole>, isPlatformAdmin = false): Actor => ({
    user: Object.assign(new User(), { id: 'usr_1', isPlatformAdmin }),
    memberships: new Map(Object.entries(memberships)),
    via: 'session',
    tokenId: null,
    hasSecondFactor: false,
    tokenScope: null,
  });
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
      return undefined;
    } catch (error) {
      return (error as DomainError).code;
    }
  };

  it('answers NOT_FOUND for an organization the actor does not belong to', () => {
    expect(codeOf(() => access.check(actor({ org_a: OWNER }), org('org_b'), Permission.READ))).toBe('NOT_FOUND');
  });
  it('answers FORBIDDEN for a member whose role lacks the permission', () => {
    expect(codeOf(() => access.check(actor({ org_a: VIEWER }), org('org_a'), Permission.CREATE_KEYS))).toBe('FORBIDDEN');
    expect(codeOf(() => access.check(actor({ org_a: VIEWER }), org('org_a'), Permission.READ))).toBeUndefined();
  });
  it('lets a platform admin do everything everywhere', () => {
    for (const permission of Object.values(Permission)) expect(codeOf(() => access.check(actor({}, true), org('org_x', 'org_p'), permission))).toBeUndefined();
  });
  it('connected accounts: own members cannot manage keys; parent members manage with their parent role', () => {
    const child = org('org_child', 'org_parent');
    expect(codeOf(() => access.check(actor({ org_child: OWNER }), child, Permission.CREATE_KEYS))).toBe('FORBIDDEN');
    expect(codeOf(() => access.check(actor({ org_child: OWNER }), child, Permission.MANAGE_KEYS))).toBe('FORBIDDEN');
    expect(codeOf(() => access.check(actor({ org_child: OWNER }), child, Permission.READ))).toBeUndefined();
    // SPEC 2: applications, key webhook secrets, webhook endpoints and the key policy are key management too.
    expect(codeOf(() => access.check(actor({ org_child: ADMIN }), child, Permission.MANAGE_APPLICATIONS))).toBe('FORBIDDEN');
    expect(codeOf(() => access.check(actor({ org_child: OWNER }), child, Permission.MANAGE_KEY_POLICY))).toBe('FORBIDDEN');
    // Their own membership list and reading stay theirs.
    expect(codeOf(() => access.check(actor({ org_child: OWNER }), child, Permission.MANAGE_ORGANIZATION))).toBeUndefined();
    expect(codeOf(() => access.check(actor({ org_child: ADMIN }), child, Permission.READ_WEBHOOKS))).toBeUndefined();
    expect(codeOf(() => access.check(actor({ org_parent: ADMIN }), child, Permission.MANAGE_APPLICATIONS))).toBeUndefined();
    expect(codeOf(() => access.check(actor({ org_parent: DEVELOPER }), child, Permission.CREATE_KEYS))).toBeUndefined();
    expect(codeOf(() => access.check(actor({ org_parent: DEVELOPER }), child, Permission.MANAGE_KEYS))).toBe('FORBIDDEN');
  });
});
