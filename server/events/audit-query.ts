import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Database } from '../database/database';
import { badInput } from '../errors';
import { isWellFormedId } from '../shared/random';
import { AuditEvent } from './audit-event.entity';

export const MAX_AUDIT_PAGE = 100;

export interface AuditEventFilterValues {
  types?: string[] | null;
  subjectType?: string | null;
  subjectId?: string | null;
  since?: Date | null;
  until?: Date | null;
}

export interface AuditEventPage {
  edges: Array<{ cursor: string; node: AuditEvent }>;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  totalCount: number;
}

/**
 * The audit log, newest first, in cursor pages. Event ids are time-ordered (newId), so the id of
 * the last event of a page is the cursor of the next: stable while new events arrive.
 */
export class AuditEventService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async list(actor: Actor, organizationId: string, filter: AuditEventFilterValues | undefined, first: number, after: string | null): Promise<AuditEventPage> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_AUDIT_PAGE) throw badInput('first', `must be 1 to ${MAX_AUDIT_PAGE}`);
    if (after !== null && !isWellFormedId('evt', after)) throw badInput('after', 'is not a cursor from pageInfo.endCursor');
    if (filter?.since && filter?.until && filter.since >= filter.until) throw badInput('filter.until', 'must be after filter.since');
    await this.access.require(this.db.manager, actor, organizationId, Permission.READ);
    const query = this.db.manager.createQueryBuilder(AuditEvent, 'e').where('e.organization_id = :organizationId', { organizationId });
    if (filter?.types?.length) query.andWhere('e.type IN (:...types)', { types: filter.types });
    if (filter?.subjectType) query.andWhere('e.subject_type = :subjectType', { subjectType: filter.subjectType });
    if (filter?.subjectId) query.andWhere('e.subject_id = :subjectId', { subjectId: filter.subjectId });
    if (filter?.since) query.andWhere('e.created_at >= :since', { since: filter.since });
    if (filter?.until) query.andWhere('e.created_at < :until', { until: filter.until });
    const totalCount = await query.clone().getCount();
    if (after) query.andWhere('e.id < :after', { after });
    const rows = await query.orderBy('e.id', 'DESC').take(first + 1).getMany();
    const nodes = rows.slice(0, first);
    return {
      edges: nodes.map((node) => ({ cursor: node.id, node })),
      pageInfo: { endCursor: nodes.at(-1)?.id ?? null, hasNextPage: rows.length > first },
      totalCount,
    };
  }
}
