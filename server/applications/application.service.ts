import { EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import { Actor, auditActorOf } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Database, isUniqueViolation } from '../database/database';
import { DomainError, ErrorCode, notFound } from '../errors';
import { recordEvent } from '../events/audit';
import { Page, toPage } from '../graphql/pagination';
import { Organization } from '../organizations/organization.entity';
import { newId } from '../shared/random';
import { Application } from './application.entity';
import { CreateApplicationInput, UpdateApplicationInput } from './application.inputs';

const nameTaken = (): DomainError =>
  new DomainError(ErrorCode.CONFLICT, 'An application with this name already exists in the organization', { fields: [{ field: 'name', message: 'is taken' }] });

export class ApplicationService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly clock: Clock,
    /** Called after an enable/disable commits (drops verify's cached credentials of the application). */
    private readonly onEnabledChange: (application: Application) => void = () => undefined,
  ) {}

  async list(actor: Actor, organizationId: string, page: number, limit: number): Promise<Page<Application>> {
    await this.access.require(this.db.manager, actor, organizationId, Permission.READ);
    return this.pageOf(organizationId, page, limit);
  }

  /** A page of an organization the caller has already been allowed to read. */
  async pageOf(organizationId: string, page: number, limit: number): Promise<Page<Application>> {
    const [items, total] = await this.db.manager.findAndCount(Application, { where: { organizationId }, order: { createdAt: 'ASC', id: 'ASC' }, skip: (page - 1) * limit, take: limit });
    return toPage(items, total, page, limit);
  }

  /** Loads an application and checks the caller's permission on its organization; NOT_FOUND across tenants. */
  async require(manager: EntityManager, actor: Actor, id: string, permission: Permission, lock = false): Promise<{ application: Application; organization: Organization }> {
    const application = await manager.findOne(Application, { where: { id }, ...(lock ? this.db.lockMode : {}) });
    if (!application) throw notFound('Application');
    try {
      const { organization } = await this.access.require(manager, actor, application.organizationId, permission);
      return { application, organization };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw notFound('Application');
      throw error;
    }
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
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(Application, application);
        await recordEvent(manager, auditActorOf(actor), now, { organizationId: application.organizationId, type: 'application.created', subjectType: 'application', subjectId: application.id, data: { name } });
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
    const application = await this.db.transaction(async (manager) => {
      const { application } = await this.require(manager, actor, id, Permission.MANAGE_APPLICATIONS, true);
      if (application.isEnabled === isEnabled) return application;
      const now = this.clock.now();
      application.isEnabled = isEnabled;
      application.updatedAt = now;
      await manager.update(Application, { id }, { isEnabled, updatedAt: now });
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: application.organizationId, type: isEnabled ? 'application.enabled' : 'application.disabled', subjectType: 'application', subjectId: id, data: { isEnabled } });
      return application;
    });
    this.onEnabledChange(application);
    return application;
  }
}
