import { EntityManager, In } from 'typeorm';
import type { LockOption } from '../database/database';
import { ErrorCode, DomainError, forbidden, notFound } from '../errors';
import { Organization } from '../organizations/organization.entity';
import { MemberRole } from '../organizations/organization.enums';
import { Actor } from './actor';
import { can, KEY_PERMISSIONS, Permission } from './roles';

export interface OrganizationAccess {
  readonly organization: Organization;
  /** The role that governs management; null for a platform admin with no membership. */
  readonly role: MemberRole | null;
}

/**
 * Tenant scoping for every service: an organization the actor cannot see reads as NOT_FOUND,
 * exactly like one that does not exist; one it can see but not act on answers FORBIDDEN.
 */
export class AccessService {
  /** The role the actor holds for an organization, following a connected account to its parent. */
  roleIn(actor: Actor, organization: Organization): { role: MemberRole | null; viaParent: boolean } {
    const parentRole = organization.parentOrganizationId ? actor.memberships.get(organization.parentOrganizationId) : undefined;
    if (parentRole) return { role: parentRole, viaParent: true };
    return { role: actor.memberships.get(organization.id) ?? null, viaParent: false };
  }

  canSee(actor: Actor, organization: Organization): boolean {
    return actor.user.isPlatformAdmin || this.roleIn(actor, organization).role !== null;
  }

  check(actor: Actor, organization: Organization, permission: Permission): OrganizationAccess {
    const { role, viaParent } = this.roleIn(actor, organization);
    if (actor.user.isPlatformAdmin) return { organization, role };
    if (role === null) throw notFound('Organization');
    if (organization.parentOrganizationId && !viaParent && KEY_PERMISSIONS.includes(permission)) {
      throw forbidden('This is a connected account: its keys are managed from the parent organization');
    }
    if (!can(role, permission)) throw forbidden(`The ${role} role cannot do this (needs ${permission})`);
    return { organization, role };
  }

  /** Loads an organization the actor may act on; `lock` takes a row lock inside a transaction. */
  async require(manager: EntityManager, actor: Actor, organizationId: string, permission: Permission, lock?: LockOption): Promise<OrganizationAccess> {
    const organization = await manager.findOne(Organization, { where: { id: organizationId }, ...(lock ?? {}) });
    if (!organization) throw notFound('Organization');
    return this.check(actor, organization, permission);
  }

  requirePlatformAdmin(actor: Actor): void {
    if (!actor.user.isPlatformAdmin) throw new DomainError(ErrorCode.FORBIDDEN, 'Only a platform administrator can do this');
  }

  /** Ids of every organization the actor can see: direct memberships and their connected accounts. */
  async visibleOrganizationIds(manager: EntityManager, actor: Actor): Promise<string[] | 'all'> {
    if (actor.user.isPlatformAdmin) return 'all';
    const direct = [...actor.memberships.keys()];
    if (direct.length === 0) return [];
    const children = await manager.find(Organization, { select: { id: true }, where: { parentOrganizationId: In(direct) } });
    return [...new Set([...direct, ...children.map((o) => o.id)])];
  }
}
