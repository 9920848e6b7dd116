import { MemberRole } from './member-role';
import type { TokenScope } from './token-scope';
import { User } from './user.entity';

/** The authenticated caller of the management API, loaded afresh on every request. */
export interface Actor {
  readonly user: User;
  /** organizationId → role, for the organizations the user is a direct member of. */
  readonly memberships: ReadonlyMap<string, MemberRole>;
  readonly via: 'session' | 'personal_access_token';
  /** The personal access token's id when `via` is personal_access_token. */
  readonly tokenId: string | null;
  /** The user has at least one confirmed second factor (SPEC 10: `keyPolicy.requireMfa`). */
  readonly hasSecondFactor: boolean;
  /** The personal access token's limits (organization, maxRole), already applied to `memberships`. */
  readonly tokenScope: TokenScope | null;
}
