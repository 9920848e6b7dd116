import DataLoader from 'dataloader';
import { EntityManager, In } from 'typeorm';
import { ApiKeySecret } from '../api-keys/api-key-secret.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { Application } from '../applications/application.entity';
import { User } from '../auth/user.entity';
import { Organization } from '../organizations/organization.entity';

/**
 * One bag of loaders per request (never shared between requests, so one caller's reads never
 * answer another's). Each batch is one `WHERE … IN` statement, answered in key order.
 */
export interface Loaders {
  organization: DataLoader<string, Organization | undefined>;
  application: DataLoader<string, Application | undefined>;
  user: DataLoader<string, User | undefined>;
  apiKeysByApplication: DataLoader<string, ApiKey[]>;
  secretsByApiKey: DataLoader<string, ApiKeySecret[]>;
}

function byId<T extends { id: string }>(manager: EntityManager, entity: new () => T, cache: boolean) {
  return new DataLoader<string, T | undefined>(async (ids) => {
    const rows = await manager.find(entity, { where: { id: In([...ids]) } as never });
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id));
  }, { cache });
}

function groupedBy<T>(load: (keys: string[]) => Promise<T[]>, keyOf: (row: T) => string, cache: boolean) {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = new Map<string, T[]>();
    for (const row of await load([...keys])) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  }, { cache });
}

/**
 * `cache: false` for subscriptions, whose one context serves many events: loads are still batched
 * within an event, but never answered from an earlier event's reads.
 */
export function createLoaders(manager: EntityManager, cache = true): Loaders {
  return {
    organization: byId(manager, Organization, cache),
    application: byId(manager, Application, cache),
    user: byId(manager, User, cache),
    apiKeysByApplication: groupedBy(
      (ids) => manager.find(ApiKey, { where: { applicationId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      (key) => key.applicationId,
      cache,
    ),
    secretsByApiKey: groupedBy(
      (ids) => manager.find(ApiKeySecret, { where: { apiKeyId: In(ids) }, order: { createdAt: 'ASC', id: 'ASC' } }),
      (secret) => secret.apiKeyId,
      cache,
    ),
  };
}
