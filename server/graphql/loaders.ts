import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import { ApiKeySecret } from '../api-keys/api-key-secret.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { Application } from '../applications/application.entity';
import { AccessService } from '../auth/access.service';
import { PersonalAccessToken } from '../auth/personal-access-token.entity';
import { User } from '../auth/user.entity';
import { Viewer } from '../auth/viewer';
import { Dialect } from '../database/data-source';
import { BoundedCount, countsPerParent, hydrateInSlices, queryNamed, rowsPerParent, sortRows, Walk } from '../database/keyset';
import { badInput } from '../errors';
import { Organization } from '../organizations/organization.entity';
import { RequestLimits } from './request-limits';

/** Where a nested list starts and how long it is (its parent is the loader key). */
export interface NestedPage {
  readonly limit: number;
  readonly offset: number;
  readonly after: string | null;
}

const FIRST_100: NestedPage = { limit: 100, offset: 0, after: null };

/**
 * What field resolvers read through: every read takes the viewer and answers only what that viewer
 * may read (SPEC 5a) — null, or an empty list, for the rest. The parent object a field hangs from
 * is never trusted to have been checked: each read checks the organization the object belongs to.
 *
 * One bag per request (never shared between requests, so one caller's reads never answer
 * another's). Underneath, each batch is one statement, answered in key order. Nested lists are
 * bounded: each parent's rows are read through its own index range, cut at the page size, so
 * fifty applications with a million keys between them cost fifty short range reads, not a million
 * rows. Every batch runs within the request's limits (deadline, row budget) and yields after reading.
 */
export interface Loaders {
  /** The organization, if the viewer may read it. */
  organization(viewer: Viewer, id: string): Promise<Organization | null>;
  /** The application, if the viewer may read its organization. */
  application(viewer: Viewer, id: string): Promise<Application | null>;
  /** A page of an application's keys (oldest first, up to `page.limit` + 1 rows); null when the viewer may not read it. */
  apiKeysOf(viewer: Viewer, application: Application, page?: NestedPage): Promise<ApiKey[] | null>;
  /** How many keys the application has, exact up to COUNT_LIMIT; null when the viewer may not read it. */
  apiKeyCountOf(viewer: Viewer, application: Application): Promise<BoundedCount | null>;
  /** The secrets (prefixes and dates) of a key the viewer may read, at most `limit` + 1; null when it may not. */
  secretsOf(viewer: Viewer, apiKey: ApiKey, limit?: number): Promise<ApiKeySecret[] | null>;
  /** A user seen through a membership of `organizationId`, if the viewer may read that organization. */
  member(viewer: Viewer, userId: string, organizationId: string): Promise<User | null>;
  /** Whether the viewer may read objects of this organization (loads it, batched). */
  canReadIn(viewer: Viewer, organizationId: string, apiKeyId?: string): Promise<boolean>;
  /**
   * The email of who acted on an audit event of `organizationId` (a user, or the owner of the
   * personal access token used), if the viewer may read that organization's log; null otherwise.
   */
  auditActorEmail(viewer: Viewer, event: { organizationId: string | null; actorType: string; actorId: string | null }): Promise<string | null>;
  /**
   * A feature's own batch loader (e.g. usage statistics per key), one per `shape` for the request,
   * under the same rules as the loaders above: the request's deadline and row budget, and no
   * answers kept from one event to the next for a subscription. The caller checks rights first.
   */
  batch<V>(shape: string, load: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V>;
}

/** Parents per batch of a per-parent union (SQLite allows 500 compound terms; pages hold at most 100). */
const MAX_PARENTS = 100;

function byId<T extends { id: string }>(manager: EntityManager, entity: new () => T, cache: boolean, limits: RequestLimits) {
  return new DataLoader<string, T | undefined>(async (ids) => {
    const rows = await limits.run(() => manager.find(entity, { where: { id: In([...ids]) } as never }));
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id));
  }, { cache });
}

function grouped<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** One loader per argument shape, made on first use. */
function perShape<A, L>(make: (args: A) => L): (args: A) => L {
  const made = new Map<string, L>();
  return (args) => {
    const shape = JSON.stringify(args);
    let loader = made.get(shape);
    if (!loader) {
      loader = make(args);
      made.set(shape, loader);
    }
    return loader;
  };
}

/**
 * `cache: false` for subscriptions, whose one context serves many events: loads are still batched
 * within an event, but never answered from an earlier event's reads.
 */
export function createLoaders(manager: EntityManager, dialect: Dialect, access: AccessService, cache = true, limits: RequestLimits = RequestLimits.unlimited()): Loaders {
  const organizations = byId(manager, Organization, cache, limits);
  const applications = byId(manager, Application, cache, limits);
  const users = byId(manager, User, cache, limits);
  const tokens = byId(manager, PersonalAccessToken, cache, limits);
  const keysOf = (applicationId: string, page: NestedPage, after: { createdAt: Date; id: string } | null): Walk => ({
    table: 'api_keys',
    branches: [{ index: 'IDX_api_keys_app_created', where: [`application_id = :app_${applicationId}`], params: { [`app_${applicationId}`]: applicationId } }],
    direction: 'ASC',
    after,
    limit: page.limit + 1,
    offset: page.offset,
  });
  const keysByApplication = perShape((page: NestedPage) => new DataLoader<string, ApiKey[]>(async (ids) => {
    let after: { createdAt: Date; id: string } | null = null;
    if (page.after !== null) {
      const cursor = await manager.findOne(ApiKey, { select: { id: true, createdAt: true }, where: { id: page.after } });
      if (!cursor) throw badInput('after', 'is not a cursor from endCursor');
      after = { createdAt: cursor.createdAt, id: cursor.id };
    }
    const groups = grouped(await limits.run(() => rowsPerParent(manager, dialect, ApiKey, ids.map((id) => keysOf(id, page, after)))), (key) => key.applicationId);
    return ids.map((id) => groups.get(id) ?? []);
  }, { cache, maxBatchSize: MAX_PARENTS }));
  const keyCountByApplication = new DataLoader<string, BoundedCount>(
    (ids) => limits.run(() => countsPerParent(manager, dialect, ids.map((id) => keysOf(id, { limit: 0, offset: 0, after: null }, null)))),
    { cache, maxBatchSize: MAX_PARENTS },
  );
  // A key has a handful of secrets (one per rotation), so a batch's are all read through the
  // (api_key_id, created_at, id) index and cut per key by ROW_NUMBER: one short statement for a
  // thousand keys, where a union per key would pass SQLite's 500 compound terms.
  const secretsByKey = perShape((limit: number) => new DataLoader<string, ApiKeySecret[]>(async (ids) => {
    const columns = manager.connection.getMetadata(ApiKeySecret).columns.map((column) => manager.connection.driver.escape(column.databaseName)).join(', ');
    const ranked = `SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY api_key_id ORDER BY created_at, id) AS kw_rank FROM api_key_secrets WHERE api_key_id IN (:...keyIds)`;
    const rows = await hydrateInSlices(manager, ApiKeySecret, await limits.run(() => queryNamed(manager, `SELECT * FROM (${ranked}) r WHERE r.kw_rank <= ${limit + 1}`, { keyIds: [...new Set(ids)] })));
    const groups = grouped(sortRows(rows, 'ASC'), (secret) => secret.apiKeyId);
    return ids.map((id) => groups.get(id) ?? []);
  }, { cache, maxBatchSize: 1000 }));

  const canReadIn = async (viewer: Viewer, organizationId: string, apiKeyId?: string): Promise<boolean> => {
    // Anonymous callers and key credentials are refused before any read where the answer cannot depend on it.
    if (viewer.kind === 'anonymous') return false;
    if (viewer.kind === 'key_credential' && apiKeyId !== viewer.apiKeyId) return false;
    // A direct member (or a platform admin) reads without loading the organization; a connected
    // account's parent membership needs the organization's parent id.
    if (viewer.kind === 'member' && (viewer.actor.user.isPlatformAdmin || viewer.actor.memberships.has(organizationId))) return true;
    const organization = await organizations.load(organizationId);
    return organization !== undefined && access.canRead(viewer, organization, apiKeyId);
  };

  // A subscription's context lives on, and its shapes may change with time (a range ending now):
  // keep a bounded number rather than one per shape ever asked for.
  const batches = new Map<string, DataLoader<string, unknown>>();

  return {
    canReadIn,
    batch<V>(shape: string, load: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
      let loader = batches.get(shape) as DataLoader<string, V> | undefined;
      if (!loader) {
        if (batches.size >= 64) batches.clear();
        loader = new DataLoader<string, V>((ids) => limits.run(() => load(ids)), { cache });
        batches.set(shape, loader as DataLoader<string, unknown>);
      }
      return loader;
    },
    async organization(viewer, id) {
      if (viewer.kind !== 'member') return null;
      const organization = await organizations.load(id);
      return organization && access.canRead(viewer, organization) ? organization : null;
    },
    async application(viewer, id) {
      if (viewer.kind !== 'member') return null;
      const application = await applications.load(id);
      return application && (await canReadIn(viewer, application.organizationId)) ? application : null;
    },
    async apiKeysOf(viewer, application, page = FIRST_100) {
      if (!(await canReadIn(viewer, application.organizationId))) return null;
      // The tenant is part of the answer too: a key is listed only under its own organization.
      return (await keysByApplication(page).load(application.id)).filter((key) => key.organizationId === application.organizationId);
    },
    async apiKeyCountOf(viewer, application) {
      if (!(await canReadIn(viewer, application.organizationId))) return null;
      return keyCountByApplication.load(application.id);
    },
    async secretsOf(viewer, apiKey, limit = 100) {
      if (!(await canReadIn(viewer, apiKey.organizationId, apiKey.id))) return null;
      return secretsByKey(limit).load(apiKey.id);
    },
    async member(viewer, userId, organizationId) {
      if (!(await canReadIn(viewer, organizationId))) return null;
      return (await users.load(userId)) ?? null;
    },
    async auditActorEmail(viewer, event) {
      if (!event.organizationId || !event.actorId || !(await canReadIn(viewer, event.organizationId))) return null;
      const userId = event.actorType === 'user' ? event.actorId : event.actorType === 'personal_access_token' ? (await tokens.load(event.actorId))?.userId : undefined;
      return userId ? ((await users.load(userId))?.email ?? null) : null;
    },
  };
}
