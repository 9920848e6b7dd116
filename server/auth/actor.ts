import { AuditActor } from '../events/audit';
import { MemberRole } from '../organizations/organization.enums';
import { User } from './user.entity';

/** The authenticated caller of the management API, loaded afresh on every request. */
export interface Actor {
  readonly user: User;
  /** organizationId → role, for the organizations the user is a direct member of. */
  readonly memberships: ReadonlyMap<string, MemberRole>;
  readonly via: 'session' | 'personal_access_token';
  /** The personal access token's id when `via` is personal_access_token. */
  readonly tokenId: string | null;
}

export function auditActorOf(actor: Actor): AuditActor {
  return actor.via === 'personal_access_token' ? { type: 'personal_access_token', id: actor.tokenId } : { type: 'user', id: actor.user.id };
}
