import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Database } from '../database/database';
import { badInput } from '../errors';
import { isWellFormedId } from '../shared/random';
import { Branch, countOf, rowsOf, Walk } from '../database/keyset';
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
  totalCountIsExact: boolean;
}

/**
 * The audit log, newest first — by (created_at, id) — in cursor pages. The cursor is the id of the
 * last event of a page (stable while new events arrive); the next page starts after that event's
 * (created_at, id). Each filter walks its own index — (organization, type | subject, created_at,
 * id) — with a time window as a range inside it, so a page reads its rows and no others; several
 * types are one branch each, merged. The total is counted exactly up to COUNT_LIMIT.
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
    let position: { createdAt: Date; id: string } | null = null;
    if (after !== null) {
      const cursor = await this.db.manager.findOne(AuditEvent, { select: { id: true, createdAt: true }, where: { id: after, organizationId } });
      if (!cursor) throw badInput('after', 'is not a cursor from pageInfo.endCursor');
      position = { createdAt: cursor.createdAt, id: cursor.id };
    }
    const walk: Walk = { table: 'audit_events', branches: branchesOf(organizationId, filter), direction: 'DESC', after: position, limit: first + 1 };
    const [rows, total] = await Promise.all([rowsOf(this.db.manager, this.db.dialect, AuditEvent, walk), countOf(this.db.manager, this.db.dialect, walk)]);
    const nodes = rows.slice(0, first);
    return {
      edges: nodes.map((node) => ({ cursor: node.id, node })),
      pageInfo: { endCursor: nodes.at(-1)?.id ?? null, hasNextPage: rows.length > first },
      totalCount: total.count,
      totalCountIsExact: total.exact,
    };
  }

  /**
   * Committed events of the organization with an id above `afterId`, oldest first: what a
   * resuming subscription replays. The caller has checked the subscriber's access.
   */
  committedAfter(organizationId: string, afterId: string, limit: number): Promise<AuditEvent[]> {
    return this.db.manager
      .createQueryBuilder(AuditEvent, 'e')
      .where('e.organization_id = :organizationId', { organizationId })
      .andWhere('e.id > :afterId', { afterId })
      .orderBy('e.id', 'ASC')
      .take(limit)
      .getMany();
  }
}

/** The index walks of a filter: one per type when types are given. */
export function branchesOf(organizationId: string, filter: AuditEventFilterValues | undefined): Branch[] {
  const where = ['organization_id = :eOrg'];
  const params: Record<string, unknown> = { eOrg: organizationId };
  if (filter?.subjectType) {
    where.push('subject_type = :eSubjectType');
    params.eSubjectType = filter.subjectType;
  }
  if (filter?.subjectId) {
    where.push('subject_id = :eSubjectId');
    params.eSubjectId = filter.subjectId;
  }
  if (filter?.since) {
    where.push('created_at >= :eSince');
    params.eSince = filter.since;
  }
  if (filter?.until) {
    where.push('created_at < :eUntil');
    params.eUntil = filter.until;
  }
  const types = [...new Set(filter?.types ?? [])];
  if (types.length) {
    return types.map((type, i) => ({ index: 'IDX_audit_events_org_type_created', where: [...where, `type = :eType${i}`], params: { ...params, [`eType${i}`]: type } }));
  }
  return [{ index: filter?.subjectId ? 'IDX_audit_events_org_subject_created' : 'IDX_audit_events_org_created', where, params }];
}
