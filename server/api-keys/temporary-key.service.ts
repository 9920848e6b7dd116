import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { ApplicationService } from '../applications/application.service';
import { Clock } from '../clock';
import { Config } from '../config';
import { Database } from '../database/database';
import { badInput, DomainError, ErrorCode, notFound } from '../errors';
import { AuditActor, auditActorOf, recordEvent } from '../events/audit';
import { AccountSecretChanged, AccountSecretService, PreparedAccountSecret } from '../organizations/account-secret.service';
import { Organization } from '../organizations/organization.entity';
import { KeyRing } from '../shared/keyring';
import { checkMetadata, checkWebhookUrl } from '../shared/validation';
import { ApiKeySecret } from './api-key-secret.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus } from './api-key.enums';
import { IssueTemporaryApiKeyInput } from './api-key.inputs';
import { ApiKeyService, KeyWithSecret } from './api-key.service';
import { IdempotencyService } from './idempotency.service';
import { parseSecret } from './key-format';
import { effectiveStatus } from './key-status';
import { RateLimits } from '../shared/rate-limits';

export const TEMPORARY_KEY_TTL_MS = 7 * 86_400_000;
const ATTEMPTS = 3;

const used = (): DomainError => new DomainError(ErrorCode.TEMPORARY_KEY_USED, 'This temporary key has already been exchanged (or was revoked); ask for a new one');
const expired = (): DomainError => new DomainError(ErrorCode.TEMPORARY_KEY_EXPIRED, 'This temporary key has expired; ask for a new one');

/**
 * Temporary → permanent exchange (SPEC 3.2). The temporary key is the credential: exchanging it
 * needs no session. Exactly once: the exchange locks the organization, then the temporary key,
 * and re-reads its status under the lock, so of concurrent exchanges one wins and the rest see
 * it EXCHANGED. Any failure rolls the whole exchange back, leaving the temporary key usable.
 */
export class TemporaryKeyService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly applications: ApplicationService,
    private readonly apiKeys: ApiKeyService,
    private readonly accountSecrets: AccountSecretService,
    private readonly idempotency: IdempotencyService,
    private readonly rateLimits: RateLimits,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  /** Platform admins and OWNERs (MANAGE_KEYS): the temporary key is delivered out of band. */
  async issue(actor: Actor, input: IssueTemporaryApiKeyInput): Promise<KeyWithSecret> {
    const now = this.clock.now();
    const webhookUrl = input.webhookUrl ? checkWebhookUrl('webhookUrl', input.webhookUrl, this.config.webhookAllowPrivate) : null;
    const metadata = input.metadata ? checkMetadata('metadata', input.metadata) : null;
    const call = this.idempotency.call(actor.user.id, input.idempotencyKey, 'issueTemporaryApiKey', input);
    // Rights first: a replay hands out a secret, so only a caller who may issue keys here now gets it.
    const { application, organization: seen } = await this.applications.require(this.db.manager, actor, input.applicationId, Permission.MANAGE_KEYS);
    if (call) {
      const replayed = await this.idempotency.replay(call, now);
      if (replayed) return replayed;
    }
    await this.rateLimits.consumeKeyCreation(seen.id, actor.user.id, seen.keyPolicy.keyCreationsPerMinutePerUser);

    return this.apiKeys.idempotently(call, now, () => this.db.transaction(async (manager) => {
      const { organization } = await this.access.require(manager, actor, application.organizationId, Permission.MANAGE_KEYS, this.db.lockMode);
      // A pending temporary key counts against the application's key limit; its exchange then swaps it for the permanent one.
      await this.apiKeys.checkLimits(manager, organization, application.id, input.environment, ApiKeyStatus.PENDING_EXCHANGE, now);
      const { apiKey, secret } = await this.apiKeys.lifecycle.mint(manager, {
        organizationId: organization.id,
        applicationId: application.id,
        name: input.name.trim(),
        description: input.description.trim(),
        environment: input.environment,
        requestedEnvironment: input.environment,
        kind: ApiKeyKind.TEMPORARY,
        status: ApiKeyStatus.PENDING_EXCHANGE,
        scopes: input.scopes,
        expiresAt: new Date(now.getTime() + TEMPORARY_KEY_TTL_MS),
        webhookUrl,
        destination: input.destination ?? null,
        metadata,
        // Carried to the permanent key; the temporary key's own secret is never sealed.
        recoverable: input.recoverable ?? false,
        recoveryPublicKey: null,
        createdBy: actor.user.id,
      }, auditActorOf(actor), now);
      if (call) await this.idempotency.save(manager, call, apiKey.id, secret, now);
      return { apiKey, secret };
    }));
  }

  /** What is left of an exchanged temporary key's hash: it matches no presented key, yet a replay is still recognised as used. */
  private spentHash(temporaryKey: string): string {
    return this.keyring.hashSecret(`exchanged:${temporaryKey}`);
  }

  async exchange(temporaryKey: string, accountSecret: string): Promise<KeyWithSecret> {
    const parsed = parseSecret(temporaryKey);
    if (!parsed || parsed.kind !== 'TEMPORARY') throw badInput('temporaryKey', 'is not a temporary key (tk_test_… or tk_live_…)');
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tryExchange(temporaryKey, accountSecret);
      } catch (error) {
        // Someone changed the account secret between our check and our lock: check again.
        if (!(error instanceof AccountSecretChanged) || attempt >= ATTEMPTS) {
          if (error instanceof AccountSecretChanged) throw new DomainError(ErrorCode.CONFLICT, 'The account secret changed during the exchange; try again');
          throw error;
        }
      }
    }
  }

  private async tryExchange(temporaryKey: string, accountSecret: string): Promise<KeyWithSecret> {
    const hash = this.keyring.hashSecret(temporaryKey);
    const secretRow = await this.db.manager.findOne(ApiKeySecret, { where: { secretHash: hash } });
    if (!secretRow) {
      if (await this.db.manager.exists(ApiKeySecret, { where: { secretHash: this.spentHash(temporaryKey) } })) throw used();
      throw notFound('Temporary key');
    }
    const seen = await this.db.manager.findOne(ApiKey, { where: { id: secretRow.apiKeyId } });
    if (!seen || seen.kind !== ApiKeyKind.TEMPORARY) throw notFound('Temporary key');
    this.checkUsable(seen, this.clock.now());
    const organization = await this.db.manager.findOneOrFail(Organization, { where: { id: seen.organizationId } });

    let prepared: PreparedAccountSecret | null = null;
    if (organization.accountSecretHash) await this.accountSecrets.verify(organization, accountSecret, `temporary:${seen.id}`);
    else prepared = await this.accountSecrets.prepare(organization, accountSecret, 'accountSecret', null);

    const now = this.clock.now();
    const actor: AuditActor = { type: 'temporary_key', id: seen.id };
    const result = await this.db.transaction(async (manager) => {
      const org = await manager.findOneOrFail(Organization, { where: { id: seen.organizationId }, ...this.db.lockMode });
      const temporary = await manager.findOneOrFail(ApiKey, { where: { id: seen.id }, ...this.db.lockMode });
      this.checkUsable(temporary, now);
      if (prepared) await this.accountSecrets.apply(manager, org, prepared, actor, now);
      else if (org.accountSecretHash !== organization.accountSecretHash) throw new AccountSecretChanged();

      // The temporary key's secret is spent first, so it matches nothing from here on.
      await manager.update(ApiKeySecret, { apiKeyId: temporary.id }, { secretHash: null, storedStatus: ApiKeySecretStatus.EXPIRED, expiresAt: now });
      await manager.update(ApiKeySecret, { id: secretRow.id }, { secretHash: this.spentHash(temporaryKey) });

      const { environment, status } = this.apiKeys.placement(org, temporary.environment);
      if (status === ApiKeyStatus.ACTIVE) await this.apiKeys.checkActiveLimit(manager, org, environment, now);
      const { apiKey, secret } = await this.apiKeys.lifecycle.mint(manager, {
        organizationId: org.id,
        applicationId: temporary.applicationId,
        name: temporary.name,
        description: temporary.description,
        environment,
        requestedEnvironment: temporary.environment,
        kind: ApiKeyKind.PERMANENT,
        status,
        scopes: temporary.scopes,
        expiresAt: null,
        webhookUrl: temporary.webhookUrl,
        destination: temporary.destination,
        metadata: temporary.metadata,
        recoverable: temporary.recoverable,
        recoveryPublicKey: org.recoveryPublicKey,
        createdBy: temporary.createdBy,
        exchangedFrom: temporary.id,
      }, actor, now);
      await this.apiKeys.lifecycle.transition(manager, temporary, ApiKeyStatus.EXCHANGED, 'exchanged', actor, now, { exchangedForKeyId: apiKey.id, data: { permanentKeyId: apiKey.id } });
      return { apiKey, secret, temporary };
    });
    return { apiKey: result.apiKey, secret: result.secret };
  }

  private checkUsable(temporary: ApiKey, now: Date): void {
    const status = effectiveStatus(temporary, now);
    if (status === ApiKeyStatus.EXCHANGED || status === ApiKeyStatus.REVOKED) throw used();
    if (status === ApiKeyStatus.EXPIRED) throw expired();
  }
}
