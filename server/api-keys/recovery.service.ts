import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { auditActorOf, recordEvent } from '../events/audit';
import { AccountSecretService } from '../organizations/account-secret.service';
import { Organization } from '../organizations/organization.entity';
import { openWithRecoveryKey } from '../organizations/recovery-keys';
import { ApiKeyStatus } from './api-key.enums';
import { ApiKeyService, KeyWithSecret } from './api-key.service';
import { effectiveStatus } from './key-status';

/** `retrieveApiKey`: a recoverable key's secret, again, for an OWNER who knows the account secret. */
export class RecoveryService {
  constructor(
    private readonly db: Database,
    private readonly apiKeys: ApiKeyService,
    private readonly accountSecrets: AccountSecretService,
    private readonly clock: Clock,
  ) {}

  async retrieve(actor: Actor, apiKeyId: string, accountSecret: string): Promise<KeyWithSecret> {
    const { apiKey, organization } = await this.apiKeys.require(this.db.manager, actor, apiKeyId, Permission.MANAGE_KEYS);
    if (!apiKey.recoverable || !apiKey.wrappedSecret) throw new DomainError(ErrorCode.CONFLICT, 'This key is not recoverable: it was created without recoverable: true');
    const status = effectiveStatus(apiKey, this.clock.now());
    if (status === ApiKeyStatus.REVOKED || status === ApiKeyStatus.EXCHANGED) throw new DomainError(ErrorCode.CONFLICT, `A ${status} key's secret cannot be retrieved`);
    await this.accountSecrets.verify(organization, accountSecret, actor.user.id);
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      // Read again under the organization lock: a concurrent account-secret change re-seals the key.
      const org = await manager.findOneOrFail(Organization, { where: { id: organization.id }, ...this.db.lockMode });
      if (org.accountSecretHash !== organization.accountSecretHash) throw new DomainError(ErrorCode.CONFLICT, 'The account secret changed meanwhile; try again with the current one');
      const current = (await this.apiKeys.require(manager, actor, apiKeyId, Permission.MANAGE_KEYS)).apiKey;
      const privateKey = await this.accountSecrets.recoveryKey(org, accountSecret);
      const secret = openWithRecoveryKey(privateKey, current.wrappedSecret!, current.id);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: org.id, type: 'api_key.secret_retrieved', subjectType: 'api_key', subjectId: current.id, data: { keyPrefix: current.keyPrefix } });
      return { apiKey: current, secret };
    });
  }
}
