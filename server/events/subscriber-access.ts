import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { PersonalAccessToken } from '../auth/personal-access-token.entity';
import { Permission } from '../auth/roles';
import { User } from '../auth/user.entity';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { Membership } from '../organizations/membership.entity';
import { Organization } from '../organizations/organization.entity';

/** How long a subscriber's rights are trusted before they are read again. */
export const ACCESS_TTL_MS = 1000;

interface Entry {
  readonly at: number;
  readonly actor: Promise<Actor | DomainError>;
}

/**
 * Re-checks, before each event is delivered, that a subscriber may still receive it: the token is
 * not revoked or expired and the user is still a member. Cheap: one read per caller per second
 * however many subscriptions and events, and the cache is dropped at once when the dispatcher
 * sees a membership or token change (ACCESS_CHANGED).
 */
export class SubscriberAccess {
  private readonly cache = new Map<string, Entry>();

  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  /** Null while the actor may still read the organization; otherwise the error to end with. */
  async deny(actor: Actor, organization: Organization): Promise<DomainError | null> {
    const current = await this.current(actor);
    if (current instanceof DomainError) return current;
    try {
      this.access.check(current, organization, Permission.READ);
      return null;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
  }

  private current(actor: Actor): Promise<Actor | DomainError> {
    const key = `${actor.user.id}|${actor.tokenId ?? ''}`;
    const now = this.clock.now().getTime();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < ACCESS_TTL_MS && now >= cached.at) return cached.actor;
    const fresh = this.load(actor);
    this.cache.set(key, { at: now, actor: fresh });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value!);
    return fresh;
  }

  private async load(actor: Actor): Promise<Actor | DomainError> {
    const manager = this.db.manager;
    const [user, memberships, token] = await Promise.all([
      manager.findOne(User, { where: { id: actor.user.id } }),
      manager.find(Membership, { where: { userId: actor.user.id } }),
      actor.tokenId ? manager.findOne(PersonalAccessToken, { where: { id: actor.tokenId } }) : Promise.resolve(null),
    ]);
    if (!user) return new DomainError(ErrorCode.UNAUTHENTICATED, 'The user of this subscription no longer exists');
    if (actor.via === 'personal_access_token') {
      if (!token || token.revokedAt) return new DomainError(ErrorCode.UNAUTHENTICATED, 'Personal access token was revoked');
      if (token.expiresAt && token.expiresAt <= this.clock.now()) return new DomainError(ErrorCode.UNAUTHENTICATED, 'Personal access token expired');
    }
    return { ...actor, user, memberships: new Map(memberships.map((m) => [m.organizationId, m.role])) };
  }
}
