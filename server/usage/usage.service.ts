import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { auditActorOf } from '../events/audit';
import { Permission } from '../auth/roles';
import { ApiKey } from '../api-keys/api-key.entity';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { DomainError, ErrorCode } from '../errors';
import { recordEvent } from '../events/audit';
import { badField } from '../shared/validation';
import { lockBalance, writeBalance } from './credit-balance';
import { refillDue } from './usage-rules';
import { CreditOperation, MAX_CREDITS } from './usage.constants';

/** Credits of a key, changed by an ADMIN or OWNER (SPEC 7). */
export class UsageService {
  constructor(private readonly db: Database, private readonly access: AccessService, private readonly clock: Clock) {}

  /**
   * SET replaces the balance (and moves the epoch: leases of the old balance are dropped);
   * INCREMENT and DECREMENT adjust the part not yet leased to a verifying instance, never below 0.
   * The audit event of the transaction is what makes verify see the change (SPEC 5a).
   */
  async updateCredits(actor: Actor, id: string, operation: CreditOperation, amount: number): Promise<ApiKey> {
    if (!Number.isInteger(amount) || amount < 0 || amount > MAX_CREDITS) throw badField('amount', `must be an integer from 0 to ${MAX_CREDITS}`);
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const { row } = await this.access.requireOwned(manager, actor, ApiKey, id, Permission.MANAGE_USAGE, 'API key', this.db.lockMode);
      const balance = (await lockBalance(this.db, manager, row, now))!;
      const previous = balance.credits;
      if (operation !== CreditOperation.SET && previous === null) {
        throw new DomainError(ErrorCode.CONFLICT, 'This key has unlimited credits; SET a balance first', { fields: [{ field: 'operation', message: 'needs a balance' }] });
      }
      let credits: number;
      if (operation === CreditOperation.SET) credits = amount;
      else if (operation === CreditOperation.INCREMENT) credits = Math.min(MAX_CREDITS, previous! + amount);
      else credits = Math.max(0, previous! - amount);
      if (operation === CreditOperation.SET) {
        row.creditEpoch += 1;
        row.creditsRefilledAt = now;
        await manager.update(ApiKey, { id }, { creditEpoch: row.creditEpoch, creditsRefilledAt: now });
      }
      await writeBalance(manager, balance, credits, auditActorOf(actor), now);
      row.updatedAt = now;
      await manager.update(ApiKey, { id }, { updatedAt: now });
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: row.organizationId, type: 'api_key.credits_updated', subjectType: 'api_key', subjectId: id, data: { operation, amount, previousCredits: previous, credits } });
      return row;
    });
  }

  /** The balance as of now: a refill whose boundary has passed counts even before a verify applies it. */
  creditsOf(apiKey: ApiKey): number | null {
    const refill = apiKey.creditRefill;
    if (refill !== null && apiKey.storedCredits !== null && refillDue(refill, apiKey.creditsRefilledAt, this.clock.now())) return refill.amount;
    return apiKey.storedCredits;
  }
}
