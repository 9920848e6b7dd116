import { EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Database, isUniqueViolation } from '../database/database';
import { badInput, DomainError, ErrorCode } from '../errors';
import { auditActorOf, recordEvent } from '../events/audit';
import { Page, PageRequest, toPage } from '../shared/page';
import { countOf, rowsOf, Walk } from '../database/keyset';
import { Organization } from '../organizations/organization.entity';
import { newId } from '../shared/random';
import { Application } from './application.entity';
import { CreateApplicationInput, UpdateApplicationInput } from './application.inputs';
import { applicationUsageChanges } from '../usage/usage-settings';

const nameTaken = (): DomainError =>
  new DomainError(ErrorCode.CONFLICT, 'An application with this name already exists in the organization', { fields: [{ field: 'name', message: 'is taken' }] });

export class ApplicationService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, organizationId: string, request: PageRequest): Promise<Page<Application>> {
    await this.access.require(this.db.manager, actor, organizationId, Permission.READ);
    return this.pageOf(organizationId, request);
  }

  /** A page (oldest first) of an organization the caller has already been allowed to read: two statements. */
  async pageOf(organizationId: string, request: PageRequest): Promise<Page<Application>> {
    let after: { createdAt: Date; id: string } | null = null;
    if (request.after !== null) {
      const cursor = await this.db.manager.findOne(Application, { select: { id: true, createdAt: true }, where: { id: request.after, organizationId } });
      if (!cursor) throw badInput('after', 'is not a cursor from endCursor');
      after = { createdAt: cursor.createdAt, id: cursor.id };
    }
    const walk: Walk = {
      table: 'applications',
      branches: [{ index: 'IDX_applications_org_created', where: ['organization_id = :aOrg'], params: { aOrg: organizationId } }],
      direction: 'ASC',
      after,
      limit: request.limit + 1,
      offset: (request.page - 1) * request.limit,
    };
    const [rows, total] = await Promise.all([rowsOf(this.db.manager, this.db.dialect, Application, walk), countOf(this.db.manager, this.db.dialect, walk)]);
    return toPage(rows, total, request);
  }

  /** Loads an application and checks the caller's permission on its organization; NOT_FOUND across tenants. */
  async require(manager: EntityManager, actor: Actor, id: string, permission: Permission, lock = false): Promise<{ application: Application; organization: Organization }> {
    const { row, organization } = await this.access.requireOwned(manager, actor, Application, id, permission, 'Application', lock ? this.db.lockMode : undefined);
    return { application: row, organization };
  }

  async get(actor: Actor, id: string): Promise<Application> {
    return (await this.require(this.db.manager, actor, id, Permission.READ)).application;
  }

  async create(actor: Actor, input: CreateApplicationInput): Promise<Application> {
    const now = this.clock.now();
    try {
      return await this.db.transaction(async (manager) => {
        await this.access.require(manager, actor, input.organizationId, Permission.CREATE_KEYS);
        const name = input.name.trim();
        if (!name) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'name must not be blank', { fields: [{ field: 'name', message: 'must not be blank' }] });
        const application = manager.create(Application, {
          id: newId('app', now.getTime()),
          organizationId: input.organizationId,
          name,
          nameKey: name.toLowerCase(),
          description: input.description ?? null,
          isEnabled: true,
          storedRateLimits: null,
          allowedIps: null,
          createdAt: now,
          updatedAt: now,
        });
        const usage = applicationUsageChanges(application, input);
        await manager.insert(Application, application);
        await recordEvent(manager, auditActorOf(actor), now, { organizationId: application.organizationId, type: 'application.created', subjectType: 'application', subjectId: application.id, data: { name, ...usage } });
        return application;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateApplicationInput): Promise<Application> {
    try {
      return await this.db.transaction(async (manager) => {
        const { application } = await this.require(manager, actor, id, Permission.MANAGE_APPLICATIONS, true);
        const now = this.clock.now();
        const changes: Record<string, unknown> = {};
        if (input.name !== undefined && input.name !== null) {
          const name = input.name.trim();
          if (!name) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'name must not be blank', { fields: [{ field: 'name', message: 'must not be blank' }] });
          application.name = name;
          application.nameKey = name.toLowerCase();
          changes.name = name;
        }
        if (input.description !== undefined) {
          application.description = input.description;
          changes.description = input.description;
        }
        Object.assign(changes, applicationUsageChanges(application, input));
        application.updatedAt = now;
        await manager.save(Application, application);
        await recordEvent(manager, auditActorOf(actor), now, { organizationId: application.organizationId, type: 'application.updated', subjectType: 'application', subjectId: id, data: changes });
        return application;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken();
      throw error;
    }
  }

  /** Disabling stops every key of the application at once; enabling restores them. */
  async setEnabled(actor: Actor, id: string, isEnabled: boolean): Promise<Application> {
    return this.db.transaction(async (manager) => {
      const { application } = await this.require(manager, actor, id, Permission.MANAGE_APPLICATIONS, true);
      if (application.isEnabled === isEnabled) return application;
      const now = this.clock.now();
      application.isEnabled = isEnabled;
      application.updatedAt = now;
      await manager.update(Application, { id }, { isEnabled, updatedAt: now });
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: application.organizationId, type: isEnabled ? 'application.enabled' : 'application.disabled', subjectType: 'application', subjectId: id, data: { isEnabled } });
      return application;
    });
  }
}
