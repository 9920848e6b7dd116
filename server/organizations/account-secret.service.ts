import { KeyObject } from 'node:crypto';
import { EntityManager, IsNull, Not } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { RateLimits } from '../shared/rate-limits';
import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { badInput, DomainError, ErrorCode } from '../errors';
import { AuditActor, auditActorOf, recordEvent } from '../events/audit';
import { checkAccountSecretShape, hashesToAvoid, nextHistory, REUSED, secretPolicyError } from './account-secret-policy';
import { Organization } from './organization.entity';
import { createRecoveryKeyPair, openRecoveryPrivateKey, openWithRecoveryKey, RecoveryKeyPair, sealToRecoveryKey } from './recovery-keys';

const DAY_MS = 86_400_000;

/** A new account secret, checked and hashed outside any transaction (bcrypt and scrypt are slow). */
export interface PreparedAccountSecret {
  /** The hash the organization had when this was prepared; the change applies only if it still has it. */
  readonly previousHash: string | null;
  readonly hash: string;
  readonly recovery: RecoveryKeyPair;
  /** The outgoing recovery private key, to re-seal the recoverable keys; null on a first set. */
  readonly previousRecoveryKey: KeyObject | null;
}

export const wrongAccountSecret = (): DomainError =>
  new DomainError(ErrorCode.FORBIDDEN, 'The account secret is wrong', { fields: [{ field: 'accountSecret', message: 'does not match' }] });

/** The organization's hash changed between preparing and applying: someone else changed the secret. */
export class AccountSecretChanged extends Error {}

/**
 * The account secret (SPEC 3.5): user-chosen, so bcrypt; wrong attempts are rate limited per
 * organization and caller; a change re-seals every recoverable key in the same transaction.
 */
export class AccountSecretService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly rateLimits: RateLimits,
    private readonly clock: Clock,
  ) {}

  /** Checks a secret against the organization's; FORBIDDEN when wrong, RATE_LIMITED after too many. */
  async verify(organization: Organization, secret: string, caller: string): Promise<void> {
    if (!organization.accountSecretHash) {
      throw new DomainError(ErrorCode.CONFLICT, 'This organization has no account secret yet: set one with setAccountSecret');
    }
    const hash = organization.accountSecretHash;
    const right = await this.rateLimits.guardSecretAttempt(`${organization.id}:${caller}`, () => verifyPassword(secret, hash));
    if (!right) throw wrongAccountSecret();
  }

  /** Opens the organization's recovery key with a verified account secret. */
  async recoveryKey(organization: Organization, secret: string): Promise<KeyObject> {
    if (!organization.recoveryPublicKey || !organization.recoveryPrivateKey) throw new DomainError(ErrorCode.CONFLICT, 'This organization has no recoverable keys');
    return openRecoveryPrivateKey({ publicKey: organization.recoveryPublicKey, sealedPrivateKey: organization.recoveryPrivateKey }, secret, organization.id);
  }

  /** Policy checks (SECRET_POLICY with the rule) and the slow hashing, before any lock is taken. */
  async prepare(organization: Organization, newSecret: string, field: string, currentSecret: string | null): Promise<PreparedAccountSecret> {
    const shape = checkAccountSecretShape(newSecret);
    if (shape) throw secretPolicyError(field, shape);
    for (const previous of hashesToAvoid(organization.accountSecretHash, organization.accountSecretHistory, organization.keyPolicy.accountSecretHistory)) {
      if (await verifyPassword(newSecret, previous)) throw secretPolicyError(field, REUSED);
    }
    const previousRecoveryKey = organization.recoveryPrivateKey && currentSecret !== null ? await this.recoveryKey(organization, currentSecret) : null;
    return {
      previousHash: organization.accountSecretHash,
      hash: await hashPassword(newSecret),
      recovery: await createRecoveryKeyPair(newSecret, organization.id),
      previousRecoveryKey,
    };
  }

  /**
   * Applies a prepared secret to the organization, whose row the caller has locked: re-seals every
   * recoverable key to the new recovery key and records the change. Throws AccountSecretChanged
   * when the secret changed since it was prepared.
   */
  async apply(manager: EntityManager, organization: Organization, prepared: PreparedAccountSecret, actor: AuditActor, now: Date): Promise<void> {
    if (organization.accountSecretHash !== prepared.previousHash) throw new AccountSecretChanged();
    const recoverable = await manager.find(ApiKey, { where: { organizationId: organization.id, wrappedSecret: Not(IsNull()) }, ...this.db.lockMode });
    if (recoverable.length && !prepared.previousRecoveryKey) throw new Error('Recoverable keys exist but the previous recovery key is not open');
    for (const key of recoverable) {
      const secret = openWithRecoveryKey(prepared.previousRecoveryKey!, key.wrappedSecret!, key.id);
      await manager.update(ApiKey, { id: key.id }, { wrappedSecret: sealToRecoveryKey(prepared.recovery.publicKey, secret, key.id) });
    }
    const first = organization.accountSecretHash === null;
    const rotationDueAt = new Date(now.getTime() + organization.keyPolicy.accountSecretRotationDays * DAY_MS);
    Object.assign(organization, {
      accountSecretHistory: nextHistory(organization.accountSecretHash, organization.accountSecretHistory, organization.keyPolicy.accountSecretHistory),
      accountSecretHash: prepared.hash,
      accountSecretSetAt: now,
      accountSecretRotationDueAt: rotationDueAt,
      accountSecretDueNotifiedAt: null,
      recoveryPublicKey: prepared.recovery.publicKey,
      recoveryPrivateKey: prepared.recovery.sealedPrivateKey,
      updatedAt: now,
    });
    await manager.update(Organization, { id: organization.id }, {
      accountSecretHistory: organization.accountSecretHistory,
      accountSecretHash: organization.accountSecretHash,
      accountSecretSetAt: organization.accountSecretSetAt,
      accountSecretRotationDueAt: organization.accountSecretRotationDueAt,
      accountSecretDueNotifiedAt: null,
      recoveryPublicKey: organization.recoveryPublicKey,
      recoveryPrivateKey: organization.recoveryPrivateKey,
      updatedAt: now,
    });
    await recordEvent(manager, actor, now, {
      organizationId: organization.id,
      type: first ? 'account_secret.set' : 'account_secret.changed',
      subjectType: 'organization',
      subjectId: organization.id,
      data: { rotationDueAt: rotationDueAt.toISOString(), resealedKeys: recoverable.length },
    });
  }

  /** `setAccountSecret`: OWNER; the current secret is required once one is set. */
  async set(actor: Actor, organizationId: string, currentSecret: string | null, newSecret: string): Promise<Organization> {
    const shape = checkAccountSecretShape(newSecret);
    if (shape) throw secretPolicyError('newSecret', shape);
    const { organization } = await this.access.require(this.db.manager, actor, organizationId, Permission.MANAGE_KEYS);
    if (organization.accountSecretHash) {
      if (!currentSecret) throw badInput('currentSecret', 'is required to change the account secret');
      await this.verify(organization, currentSecret, actor.user.id);
    }
    const prepared = await this.prepare(organization, newSecret, 'newSecret', organization.accountSecretHash ? currentSecret : null);
    const now = this.clock.now();
    try {
      return await this.db.transaction(async (manager) => {
        const locked = (await this.access.require(manager, actor, organizationId, Permission.MANAGE_KEYS, this.db.lockMode)).organization;
        await this.apply(manager, locked, prepared, auditActorOf(actor), now);
        return locked;
      });
    } catch (error) {
      if (error instanceof AccountSecretChanged) throw new DomainError(ErrorCode.CONFLICT, 'The account secret was changed meanwhile; try again with the current one');
      throw error;
    }
  }
}
