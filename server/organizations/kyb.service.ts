import { In } from 'typeorm';
import { ApiKey } from '../api-keys/api-key.entity';
import { ApiKeyKind, ApiKeyStatus, Environment } from '../api-keys/api-key.enums';
import { KeyLifecycle, KeyStatusChange } from '../api-keys/key-lifecycle';
import { effectiveStatus } from '../api-keys/key-status';
import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Permission } from '../auth/roles';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { auditActorOf, recordEvent } from '../events/audit';
import { Organization } from './organization.entity';
import { KybStatus } from './organization.enums';

/**
 * KYB (SPEC 3.7), platform admins only. Approval activates the organization's INACTIVE LIVE keys
 * by itself (up to the policy's active-key limit, oldest first), with an event per key. Leaving
 * APPROVED (REJECTED, or back to PENDING) deactivates its ACTIVE LIVE keys the same way: a
 * merchant whose review failed must not take live payments.
 */
export class KybService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly lifecycle: KeyLifecycle,
    private readonly clock: Clock,
  ) {}

  async setStatus(actor: Actor, organizationId: string, status: KybStatus): Promise<Organization> {
    this.access.requirePlatformAdmin(actor);
    const now = this.clock.now();
    const { organization, changes } = await this.db.transaction(async (manager) => {
      const { organization } = await this.access.require(manager, actor, organizationId, Permission.READ, this.db.lockMode);
      const previous = organization.kybStatus;
      const changes: KeyStatusChange[] = [];
      if (previous === status) return { organization, changes };
      organization.kybStatus = status;
      organization.updatedAt = now;
      await manager.update(Organization, { id: organizationId }, { kybStatus: status, updatedAt: now });

      const approving = status === KybStatus.APPROVED;
      const leavingApproval = previous === KybStatus.APPROVED;
      if (approving || leavingApproval) {
        const from = approving ? ApiKeyStatus.INACTIVE : ApiKeyStatus.ACTIVE;
        const to = approving ? ApiKeyStatus.ACTIVE : ApiKeyStatus.INACTIVE;
        const candidates = (await manager.find(ApiKey, {
          where: { organizationId, environment: Environment.LIVE, kind: ApiKeyKind.PERMANENT, storedStatus: In([from]) },
          order: { createdAt: 'ASC', id: 'ASC' },
          ...this.db.lockMode,
        })).filter((key) => effectiveStatus(key, now) === from);
        const limit = organization.keyPolicy.maxActiveKeysPerEnvironment;
        let room = approving && limit !== null ? Math.max(0, limit - (await manager.count(ApiKey, { where: { organizationId, environment: Environment.LIVE, storedStatus: ApiKeyStatus.ACTIVE } }))) : Infinity;
        for (const key of candidates) {
          if (room <= 0) break;
          room -= 1;
          const reason = approving ? 'kyb_approved' : `kyb_${status.toLowerCase()}`;
          const change = await this.lifecycle.transition(manager, key, to, reason, auditActorOf(actor), now);
          if (change) changes.push(change);
        }
      }
      await recordEvent(manager, auditActorOf(actor), now, {
        organizationId,
        type: 'organization.kyb_status_changed',
        subjectType: 'organization',
        subjectId: organizationId,
        data: { previousStatus: previous, status, keysChanged: changes.map((c) => c.apiKey.id) },
      });
      return { organization, changes };
    });
    return organization;
  }
}
