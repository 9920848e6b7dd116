import { ApiKeySecret } from '../api-keys/api-key-secret.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { ApiKeyStatus } from '../api-keys/api-key.enums';
import { parseSecret } from '../api-keys/key-format';
import { KeyLifecycle } from '../api-keys/key-lifecycle';
import { effectiveStatus } from '../api-keys/key-status';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { AuditActor, recordEvent } from '../events/audit';
import { Organization } from '../organizations/organization.entity';
import { LeakedKeyAction } from '../organizations/organization.enums';
import { KeyRing } from '../shared/keyring';

/** Who reported a leak: GitHub's secret scanning, or the platform's own scanners (service token). */
export type LeakReporter = 'github' | 'service';

export interface LeakReport {
  readonly secret: string;
  /** Where it was found (a commit URL, a paste…); stored and shown, never followed. */
  readonly url: string | null;
  /** GitHub's `source` (content, commit, npm…), when given. */
  readonly source: string | null;
  readonly reporter: LeakReporter;
}

export type LeakAction = 'REVOKED' | 'FLAGGED' | 'ALREADY_REPORTED';

/** `true_positive` when the secret is one of ours (checksum and lookup), as GitHub's feedback wants it. */
export interface LeakOutcome {
  readonly label: 'true_positive' | 'false_positive';
  readonly keyId: string | null;
  readonly action: LeakAction | null;
}

const FALSE_POSITIVE: LeakOutcome = Object.freeze({ label: 'false_positive', keyId: null, action: null });
const URL_MAX = 2048;
const REASON_MAX = 500;

/**
 * Leaked-key response (SPEC 9). A reported secret that checks out and matches a key marks the key
 * `leakedAt` / `leakedUrl`, records `api_key.leaked`, and — under the organization's default
 * `leakedKeyAction: REVOKE` — revokes it through the key lifecycle, so verify, the token endpoint,
 * subscriptions and webhooks all follow from the one commit. Reporting the same key again changes
 * nothing (ALREADY_REPORTED).
 */
export class LeakService {
  constructor(
    private readonly db: Database,
    private readonly keyring: KeyRing,
    private readonly lifecycle: KeyLifecycle,
    private readonly clock: Clock,
  ) {}

  async report(report: LeakReport): Promise<LeakOutcome> {
    // Costs nothing to refuse: a wrong prefix, length or checksum is not one of our secrets.
    if (parseSecret(report.secret) === null) return FALSE_POSITIVE;
    const secretRow = await this.db.manager.findOne(ApiKeySecret, { select: { id: true, apiKeyId: true, keyPrefix: true }, where: { secretHash: this.keyring.hashSecret(report.secret) } });
    if (!secretRow) return FALSE_POSITIVE;
    const url = report.url ? report.url.slice(0, URL_MAX) : null;
    const actor: AuditActor = { type: 'system', id: `secret-scanning:${report.reporter}` };
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const apiKey = await manager.findOne(ApiKey, { where: { id: secretRow.apiKeyId }, ...this.db.lockMode });
      if (!apiKey) return FALSE_POSITIVE;
      if (apiKey.leakedAt !== null) return { label: 'true_positive', keyId: apiKey.id, action: 'ALREADY_REPORTED' } as const;
      const organization = await manager.findOneOrFail(Organization, { where: { id: apiKey.organizationId } });
      const status = effectiveStatus(apiKey, now);
      const revoke = organization.keyPolicy.leakedKeyAction === LeakedKeyAction.REVOKE && status !== ApiKeyStatus.REVOKED && status !== ApiKeyStatus.EXCHANGED;
      apiKey.leakedAt = now;
      apiKey.leakedUrl = url;
      await manager.update(ApiKey, { id: apiKey.id }, { leakedAt: now, leakedUrl: url, updatedAt: now });
      await recordEvent(manager, actor, now, {
        organizationId: apiKey.organizationId,
        type: 'api_key.leaked',
        subjectType: 'api_key',
        subjectId: apiKey.id,
        data: { url, source: report.source, reporter: report.reporter, secretId: secretRow.id, keyPrefix: secretRow.keyPrefix, action: revoke ? 'REVOKE' : 'NOTIFY', status },
      });
      if (revoke) await this.lifecycle.transition(manager, apiKey, ApiKeyStatus.REVOKED, `leaked: ${url ?? 'unknown location'}`.slice(0, REASON_MAX), actor, now);
      return { label: 'true_positive', keyId: apiKey.id, action: revoke ? 'REVOKED' : 'FLAGGED' } as const;
    });
  }
}
