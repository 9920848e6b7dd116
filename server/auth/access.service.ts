import { EntityManager, EntityTarget, In } from 'typeorm';
import type { LockOption } from '../database/database';
import { ErrorCode, DomainError, forbidden, notFound } from '../errors';
import { Organization } from '../organizations/organization.entity';
import { MemberRole } from './member-role';
import { Actor } from './actor';
import { can, KEY_PERMISSIONS, Permission } from './roles';
import { Viewer } from './viewer';

/** A row that belongs to one organization (applications, keys, webhook endpoints, …). */
export interface OrganizationOwned {
  id: string;
  organizationId: string;
}

export interface Owned<T> extends OrganizationAccess {
  readonly row: T;
}

/** SPEC 10's rules for second factors that are not an organization's own policy. */
export interface SecondFactorRules {
  /** In production every platform admin needs a second factor before acting as one. */
  readonly platformAdminsNeedMfa: boolean;
}

const mfaRequired = (message: string): DomainError => new DomainError(ErrorCode.MFA_REQUIRED, message);

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
  constructor(private readonly secondFactors: SecondFactorRules = { platformAdminsNeedMfa: false }) {}

  /** The role the actor holds for an organization, following a connected account to its parent. */
  roleIn(actor: Actor, organization: Organization): { role: MemberRole | null; viaParent: boolean } {
    const parentRole = organization.parentOrganizationId ? actor.memberships.get(organization.parentOrganizationId) : undefined;
    if (parentRole) return { role: parentRole, viaParent: true };
    return { role: actor.memberships.get(organization.id) ?? null, viaParent: false };
  }

  canSee(actor: Actor, organization: Organization): boolean {
    return this.actsAsPlatformAdmin(actor) || this.roleIn(actor, organization).role !== null;
  }

  check(actor: Actor, organization: Organization, permission: Permission): OrganizationAccess {
    const { role, viaParent } = this.roleIn(actor, organization);
    if (this.actsAsPlatformAdmin(actor)) {
      this.requireSecondFactorFor(actor, organization);
      return { organization, role };
    }
    if (role === null) throw notFound('Organization');
    this.requireSecondFactorFor(actor, organization);
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

  /**
   * Whether a viewer may read an object of `organization` — the one read rule that loaders and
   * field resolvers apply (SPEC 5a). `apiKeyId` names the key when the object is a key or part
   * of one: a key credential reads that key and nothing else.
   */
  canRead(viewer: Viewer, organization: Organization, apiKeyId?: string): boolean {
    switch (viewer.kind) {
      case 'member':
        return this.canSee(viewer.actor, organization);
      case 'key_credential':
        return apiKeyId !== undefined && apiKeyId === viewer.apiKeyId;
      case 'anonymous':
        return false;
    }
  }

  /**
   * Loads one organization-owned row that the actor may act on with `permission`: the tenant is
   * part of the query (only rows of organizations the actor belongs to, or of their connected
   * accounts, are found), so another tenant's id reads as NOT_FOUND exactly like a missing one.
   * The one load-then-check for every service; `lock` takes a row lock inside a transaction.
   */
  async requireOwned<T extends OrganizationOwned>(manager: EntityManager, actor: Actor, entity: EntityTarget<T>, id: string, permission: Permission, label: string, lock?: LockOption): Promise<Owned<T>> {
    const query = manager.createQueryBuilder(entity, 'owned').where('owned.id = :id', { id });
    if (!actor.user.isPlatformAdmin) {
      const direct = [...actor.memberships.keys()];
      if (direct.length === 0) throw notFound(label);
      query.andWhere(
        '(owned.organization_id IN (:...direct) OR owned.organization_id IN (SELECT c.id FROM organizations c WHERE c.parent_organization_id IN (:...direct)))',
        { direct },
      );
    }
    if (lock && 'lock' in lock) query.setLock('pessimistic_write');
    const row = await query.getOne();
    if (!row) throw notFound(label);
    try {
      return { row, ...(await this.require(manager, actor, row.organizationId, permission)) };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw notFound(label);
      throw error;
    }
  }

  requirePlatformAdmin(actor: Actor): void {
    if (actor.user.isPlatformAdmin && !this.actsAsPlatformAdmin(actor)) throw mfaRequired('Platform administrators need a second factor: enrol one (startTotpEnrollment or startPasskeyEnrollment)');
    if (!this.actsAsPlatformAdmin(actor)) throw new DomainError(ErrorCode.FORBIDDEN, 'Only a platform administrator can do this');
  }

  /** Ids of every organization the actor can see: direct memberships and their connected accounts. */
  async visibleOrganizationIds(manager: EntityManager, actor: Actor): Promise<string[] | 'all'> {
    if (this.actsAsPlatformAdmin(actor)) return 'all';
    const direct = [...actor.memberships.keys()];
    if (direct.length === 0) return [];
    const children = await manager.find(Organization, { select: { id: true }, where: { parentOrganizationId: In(direct) } });
    return [...new Set([...direct, ...children.map((o) => o.id)])];
  }

  // --- Second factors (SPEC 10), applied after the role is resolved. A personal access token's
  // limits are already in the actor's memberships (token-scope.ts), so nothing here reads them.

  /** A platform admin without a factor acts, where production requires one, as an ordinary user. */
  private actsAsPlatformAdmin(actor: Actor): boolean {
    return actor.user.isPlatformAdmin && (actor.hasSecondFactor || !this.secondFactors.platformAdminsNeedMfa);
  }

  /** `keyPolicy.requireMfa`: refuses a caller without a confirmed second factor on this organization. */
  private requireSecondFactorFor(actor: Actor, organization: Organization): void {
    if (organization.keyPolicy?.requireMfa && !actor.hasSecondFactor) {
      throw mfaRequired('This organization requires a second factor: enrol one (startTotpEnrollment or startPasskeyEnrollment) to continue');
    }
  }
}
