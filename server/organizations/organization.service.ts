import { EntityManager, In } from 'typeorm';
import { isEmail } from 'class-validator';
import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { PENDING_PASSWORD_HASH } from '../auth/passwords';
import { User } from '../auth/user.entity';
import { Viewer } from '../auth/viewer';
import { Clock } from '../clock';
import { Database, isUniqueViolation } from '../database/database';
import { DomainError, ErrorCode, notFound } from '../errors';
import { auditActorOf, recordEvent } from '../events/audit';
import { newId, randomString } from '../shared/random';
import { badField, normalEmail } from '../shared/validation';
import { DEFAULT_KEY_POLICY, KeyPolicy } from './key-policy';
import { Membership } from './membership.entity';
import { CreateOrganizationInput, KeyPolicyInput, UpdateOrganizationInput } from './organization.inputs';
import { Organization } from './organization.entity';
import { MemberRole } from '../auth/member-role';
import { KybStatus } from './organization.enums';

function slugify(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '');
  return `${base || 'org'}-${randomString(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}`;
}

function applyPolicy(target: KeyPolicy, input: KeyPolicyInput | undefined): void {
  if (!input) return;
  for (const key of Object.keys(DEFAULT_KEY_POLICY) as Array<keyof KeyPolicy>) {
    const value = input[key];
    if (value === undefined) continue;
    if (value === null && key !== 'maxActiveKeysPerEnvironment') continue;
    (target as unknown as Record<string, unknown>)[key] = value;
  }
}

export class OrganizationService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<Organization[]> {
    const visible = await this.access.visibleOrganizationIds(this.db.manager, actor);
    if (visible === 'all') return this.db.manager.find(Organization, { order: { id: 'ASC' }, take: 1000 });
    if (visible.length === 0) return [];
    return this.db.manager.find(Organization, { where: { id: In(visible) }, order: { id: 'ASC' } });
  }

  async get(actor: Actor, id: string): Promise<Organization> {
    return (await this.access.require(this.db.manager, actor, id, Permission.READ)).organization;
  }

  async create(actor: Actor, input: CreateOrganizationInput): Promise<Organization> {
    const now = this.clock.now();
    try {
      return await this.db.transaction(async (manager) => {
        if (input.parentOrganizationId) {
          const parent = await this.access.require(manager, actor, input.parentOrganizationId, Permission.MANAGE_ORGANIZATION);
          if (parent.organization.parentOrganizationId) {
            throw new DomainError(ErrorCode.BAD_USER_INPUT, 'A connected account cannot have connected accounts of its own', { fields: [{ field: 'parentOrganizationId', message: 'is itself a connected account' }] });
          }
        } else {
          this.access.requirePlatformAdmin(actor);
        }
        const keyPolicy = Object.assign(new KeyPolicy(), DEFAULT_KEY_POLICY);
        applyPolicy(keyPolicy, input.keyPolicy);
        const organization = manager.create(Organization, {
          id: newId('org', now.getTime()),
          name: input.name.trim(),
          slug: input.slug ?? slugify(input.name),
          kybStatus: KybStatus.PENDING,
          parentOrganizationId: input.parentOrganizationId ?? null,
          keyPolicy,
          accountSecretHash: null,
          accountSecretHistory: null,
          accountSecretSetAt: null,
          accountSecretRotationDueAt: null,
          accountSecretDueNotifiedAt: null,
          recoveryPublicKey: null,
          recoveryPrivateKey: null,
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(Organization, organization);
        await recordEvent(manager, auditActorOf(actor), now, { organizationId: organization.id, type: 'organization.created', subjectType: 'organization', subjectId: organization.id, data: { name: organization.name, slug: organization.slug, parentOrganizationId: organization.parentOrganizationId } });
        if (input.ownerEmail) await this.insertMember(manager, actor, organization.id, input.ownerEmail, MemberRole.OWNER, now);
        return organization;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.CONFLICT, 'An organization with this slug already exists', { fields: [{ field: 'slug', message: 'is taken' }] });
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateOrganizationInput): Promise<Organization> {
    const updated = await this.db.transaction(async (manager) => {
      const { organization } = await this.access.require(manager, actor, id, Permission.MANAGE_ORGANIZATION, this.db.lockMode);
      // The key policy is key management: a connected account's own OWNER may rename it, never change it.
      if (input.keyPolicy) this.access.check(actor, organization, Permission.MANAGE_KEY_POLICY);
      const now = this.clock.now();
      const before = { name: organization.name, keyPolicy: { ...organization.keyPolicy } };
      if (input.name !== undefined && input.name !== null) organization.name = input.name.trim();
      applyPolicy(organization.keyPolicy, input.keyPolicy);
      organization.updatedAt = now;
      await manager.save(Organization, organization);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: id, type: 'organization.updated', subjectType: 'organization', subjectId: id, data: { before, after: { name: organization.name, keyPolicy: { ...organization.keyPolicy } } } });
      return organization;
    });
    return updated;
  }

  /** The connected accounts of an organization that the viewer may read. */
  async connectedAccounts(viewer: Viewer, organizationId: string): Promise<Organization[]> {
    if (viewer.kind !== 'member') return [];
    const children = await this.db.manager.find(Organization, { where: { parentOrganizationId: organizationId }, order: { id: 'ASC' } });
    return children.filter((child) => this.access.canRead(viewer, child));
  }

  async members(actor: Actor, organizationId: string): Promise<Membership[]> {
    await this.access.require(this.db.manager, actor, organizationId, Permission.READ);
    return this.db.manager.find(Membership, { where: { organizationId }, order: { id: 'ASC' } });
  }

  async membershipsOf(userId: string): Promise<Membership[]> {
    return this.db.manager.find(Membership, { where: { userId }, order: { id: 'ASC' } });
  }

  /**
   * Adds a member by email. The answer does not tell an OWNER whether the email belongs to anyone
   * on the platform: an unknown email becomes a pending user (no password: cannot sign in) who is
   * added the same way, and `createUser` later completes that user. Two concurrent calls for one
   * user add it once; the other answers CONFLICT, as a repeated call does.
   */
  async addMember(actor: Actor, organizationId: string, email: string, role: MemberRole): Promise<Membership> {
    const address = normalEmail(email);
    if (!isEmail(address, { require_tld: false })) throw badField('email', 'must be an email address');
    const now = this.clock.now();
    // Rights first, so that nobody but an OWNER (or platform admin) can cause a pending user to exist.
    await this.access.require(this.db.manager, actor, organizationId, Permission.MANAGE_ORGANIZATION);
    await this.ensurePendingUser(actor, address, now);
    return this.db.transaction(async (manager) => {
      await this.access.require(manager, actor, organizationId, Permission.MANAGE_ORGANIZATION);
      return this.insertMember(manager, actor, organizationId, address, role, now);
    });
  }

  /** Creates a user with no password for an email nobody has yet; a concurrent creation wins quietly. */
  private async ensurePendingUser(actor: Actor, email: string, now: Date): Promise<void> {
    if (await this.db.manager.exists(User, { where: { email } })) return;
    const user = Object.assign(new User(), { id: newId('usr', now.getTime()), email, passwordHash: PENDING_PASSWORD_HASH, isPlatformAdmin: false, createdAt: now });
    try {
      await this.db.transaction(async (manager) => {
        await manager.insert(User, user);
        await recordEvent(manager, auditActorOf(actor), now, { organizationId: null, type: 'user.invited', subjectType: 'user', subjectId: user.id, data: { email } });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  private async insertMember(manager: EntityManager, actor: Actor, organizationId: string, email: string, role: MemberRole, now: Date): Promise<Membership> {
    const user = await manager.findOne(User, { where: { email: normalEmail(email) } });
    if (!user) throw new DomainError(ErrorCode.NOT_FOUND, 'No user with this email: create the user first', { fields: [{ field: 'email', message: 'no such user' }] });
    const alreadyMember = () => new DomainError(ErrorCode.CONFLICT, 'This user is already a member', { fields: [{ field: 'email', message: 'already a member' }] });
    const existing = await manager.findOne(Membership, { where: { organizationId, userId: user.id } });
    if (existing) throw alreadyMember();
    const membership = manager.create(Membership, { id: newId('mem', now.getTime()), organizationId, userId: user.id, role, createdAt: now });
    try {
      await manager.insert(Membership, membership);
    } catch (error) {
      // A concurrent addMember of the same user committed first (MySQL; SQLite's are serial).
      if (isUniqueViolation(error)) throw alreadyMember();
      throw error;
    }
    await recordEvent(manager, auditActorOf(actor), now, { organizationId, type: 'member.added', subjectType: 'member', subjectId: membership.id, data: { userId: user.id, email: user.email, role } });
    return membership;
  }

  async updateMemberRole(actor: Actor, organizationId: string, userId: string, role: MemberRole): Promise<Membership> {
    return this.db.transaction(async (manager) => {
      await this.access.require(manager, actor, organizationId, Permission.MANAGE_ORGANIZATION, this.db.lockMode);
      const membership = await this.memberOrFail(manager, organizationId, userId);
      if (membership.role === role) return membership;
      if (membership.role === MemberRole.OWNER) await this.ensureAnotherOwner(manager, organizationId, userId);
      const now = this.clock.now();
      const previousRole = membership.role;
      membership.role = role;
      await manager.update(Membership, { id: membership.id }, { role });
      await recordEvent(manager, auditActorOf(actor), now, { organizationId, type: 'member.role_changed', subjectType: 'member', subjectId: membership.id, data: { userId, previousRole, role } });
      return membership;
    });
  }

  async removeMember(actor: Actor, organizationId: string, userId: string): Promise<Membership> {
    return this.db.transaction(async (manager) => {
      await this.access.require(manager, actor, organizationId, Permission.MANAGE_ORGANIZATION, this.db.lockMode);
      const membership = await this.memberOrFail(manager, organizationId, userId);
      if (membership.role === MemberRole.OWNER) await this.ensureAnotherOwner(manager, organizationId, userId);
      await manager.delete(Membership, { id: membership.id });
      await recordEvent(manager, auditActorOf(actor), this.clock.now(), { organizationId, type: 'member.removed', subjectType: 'member', subjectId: membership.id, data: { userId, role: membership.role } });
      return membership;
    });
  }

  private async memberOrFail(manager: EntityManager, organizationId: string, userId: string): Promise<Membership> {
    const membership = await manager.findOne(Membership, { where: { organizationId, userId } });
    if (!membership) throw notFound('Member');
    return membership;
  }

  /** An organization keeps at least one OWNER: the last one cannot be demoted or removed. */
  private async ensureAnotherOwner(manager: EntityManager, organizationId: string, userId: string): Promise<void> {
    const owners = await manager.count(Membership, { where: { organizationId, role: MemberRole.OWNER } });
    if (owners <= 1) throw new DomainError(ErrorCode.CONFLICT, `User ${userId} is the last OWNER of this organization; make someone else OWNER first`);
  }
}
