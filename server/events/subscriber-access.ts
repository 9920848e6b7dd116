import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { PersonalAccessToken } from '../auth/personal-access-token.entity';
import { SecondFactor } from '../auth/second-factor.entity';
import { narrowActor } from '../auth/token-scope';
import { Permission } from '../auth/roles';
import { User } from '../auth/user.entity';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { Membership } from '../organizations/membership.entity';
import { Organization } from '../organizations/organization.entity';
import { IsNull, Not } from 'typeorm';

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
  ) {}

  invalidate(): void {
    this.actors.clear();
    this.organizations.clear();
  }

  /** Null while the actor may still read the organization; otherwise the error to end with. */
  async deny(actor: Actor, organization: Organization): Promise<DomainError | null> {
    const [current, organizationNow] = await Promise.all([
      this.cached(this.actors, `${actor.user.id}|${actor.tokenId ?? ''}`, () => this.load(actor)),
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

  private async load(actor: Actor): Promise<Actor | DomainError> {
    const manager = this.db.manager;
    const [user, memberships, token, factors] = await Promise.all([
      manager.findOne(User, { where: { id: actor.user.id } }),
      manager.find(Membership, { where: { userId: actor.user.id } }),
      actor.tokenId ? manager.findOne(PersonalAccessToken, { where: { id: actor.tokenId } }) : Promise.resolve(null),
      manager.count(SecondFactor, { where: { userId: actor.user.id, confirmedAt: Not(IsNull()) } }),
    ]);
    if (!user) return new DomainError(ErrorCode.UNAUTHENTICATED, 'The user of this subscription no longer exists');
    if (actor.via === 'personal_access_token') {
      if (!token || token.revokedAt) return new DomainError(ErrorCode.UNAUTHENTICATED, 'Personal access token was revoked');
      if (token.expiresAt && token.expiresAt <= this.clock.now()) return new DomainError(ErrorCode.UNAUTHENTICATED, 'Personal access token expired');
    }
    // The same narrowing as at authentication (token-scope.ts): a limited token stays limited here.
    return narrowActor({
      ...actor,
      user,
      memberships: new Map(memberships.map((m) => [m.organizationId, m.role])),
      hasSecondFactor: factors > 0,
      tokenScope: token ? { organizationId: token.organizationId, maxRole: token.maxRole } : null,
    });
  }
}
