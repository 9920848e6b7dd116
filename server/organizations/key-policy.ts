import { Field, Int, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';
import { LeakedKeyAction, LiveKeysBeforeKyb } from './organization.enums';

/** An organization's key policy, embedded in the organization row as its `policy_…` columns. */
@ObjectType({ description: 'Limits and defaults applied to the keys of one organization.' })
export class KeyPolicy {
  @Field(() => Int, { nullable: true, description: 'Active keys allowed per environment; null = unlimited, 1 = one active key.' })
  @Column({ name: 'policy_max_active_keys_per_environment', type: 'int', nullable: true })
  maxActiveKeysPerEnvironment!: number | null;

  @Field(() => Int)
  @Column({ name: 'policy_max_keys_per_application', type: 'int', default: 20 })
  maxKeysPerApplication!: number;

  @Field(() => Int)
  @Column({ name: 'policy_key_creations_per_minute_per_user', type: 'int', default: 10 })
  keyCreationsPerMinutePerUser!: number;

  @Field(() => LiveKeysBeforeKyb)
  @Column({ name: 'policy_live_keys_before_kyb', type: 'varchar', length: 20, default: LiveKeysBeforeKyb.INACTIVE })
  liveKeysBeforeKyb!: LiveKeysBeforeKyb;

  @Field(() => Int)
  @Column({ name: 'policy_token_ttl_seconds', type: 'int', default: 3600 })
  tokenTtlSeconds!: number;

  @Field(() => Int)
  @Column({ name: 'policy_account_secret_rotation_days', type: 'int', default: 90 })
  accountSecretRotationDays!: number;

  @Field(() => Int)
  @Column({ name: 'policy_account_secret_history', type: 'int', default: 4 })
  accountSecretHistory!: number;

  @Field(() => LeakedKeyAction, { description: 'REVOKE (default): a key whose secret is reported leaked is revoked at once; NOTIFY: only flagged and announced.' })
  @Column({ name: 'policy_leaked_key_action', type: 'varchar', length: 10, default: LeakedKeyAction.REVOKE })
  leakedKeyAction!: LeakedKeyAction;

  @Field({ description: 'Members without a second factor are refused on this organization (MFA_REQUIRED) until they enrol one.' })
  @Column({ name: 'policy_require_mfa', type: 'boolean', default: false })
  requireMfa!: boolean;
}

export const DEFAULT_KEY_POLICY: Readonly<KeyPolicy> = Object.freeze({
  maxActiveKeysPerEnvironment: null,
  maxKeysPerApplication: 20,
  keyCreationsPerMinutePerUser: 10,
  liveKeysBeforeKyb: LiveKeysBeforeKyb.INACTIVE,
  tokenTtlSeconds: 3600,
  accountSecretRotationDays: 90,
  accountSecretHistory: 4,
  leakedKeyAction: LeakedKeyAction.REVOKE,
  requireMfa: false,
});
