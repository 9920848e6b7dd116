import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { Organization } from '../organizations/organization.entity';

/** How long a subscriber's rights are trusted before they are read again. */
export const ACCESS_TTL_MS = 1000;

interface Entry<T> {
  readonly at: number;
  readonly value: Promise<T>;
}

const MAX_ENTRIES = 10_000;

/**
 * Re-checks, before each event is delivered, that a subscriber may still receive it: the token is
 * not revoked or expired, the user is still a member, and the organization as it is now (its key
 * policy's `requireMfa`, its parent for a connected account) still lets them read it. Cheap: one
 * read per caller and one per organization per second however many subscriptions and events, and
 * the caches are dropped at once when the dispatcher sees a membership, token, factor or
 * organization change (ACCESS_CHANGED).
 */
export class SubscriberAccess {
  private readonly actors = new Map<string, Entry<Actor | DomainError>>();
  private readonly organizations = new Map<string, Entry<Organization | null>>();

  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly clock: Clock,
    /** The actor as a new request would see it now (AuthService.reloadActor). */
    private readonly reloadActor: (actor: Actor) => Promise<Actor | DomainError>,
  ) {}

  invalidate(): void {
    this.actors.clear();
    this.organizations.clear();
  }

  /** Null while the actor may still read the organization; otherwise the error to end with. */
  async deny(actor: Actor, organization: Organization): Promise<DomainError | null> {
    const [current, organizationNow] = await Promise.all([
      this.cached(this.actors, `${actor.user.id}|${actor.tokenId ?? ''}`, () => this.reloadActor(actor)),
      this.cached(this.organizations, organization.id, () => this.db.manager.findOne(Organization, { where: { id: organization.id } })),
    ]);
    if (current instanceof DomainError) return current;
    if (organizationNow === null) return new DomainError(ErrorCode.NOT_FOUND, 'Organization not found');
    try {
      this.access.check(current, organizationNow, Permission.READ);
      return null;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
  }

  private cached<T>(cache: Map<string, Entry<T>>, key: string, read: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const entry = cache.get(key);
    if (entry && now - entry.at < ACCESS_TTL_MS && now >= entry.at) return entry.value;
    const value = read();
    cache.set(key, { at: now, value });
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    return value;
  }
}
