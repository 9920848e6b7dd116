import { ApiKeySecret } from './api-key-secret.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeySecretStatus, ApiKeyStatus } from './api-key.enums';

/**
 * A key past its `expiresAt` is EXPIRED for every reader at that instant, before the background
 * job records the transition. Terminal statuses stay as stored.
 */
export function effectiveStatus(key: Pick<ApiKey, 'storedStatus' | 'expiresAt'>, now: Date): ApiKeyStatus {
  const stored = key.storedStatus;
  if ((stored === ApiKeyStatus.ACTIVE || stored === ApiKeyStatus.INACTIVE || stored === ApiKeyStatus.PENDING_EXCHANGE) && key.expiresAt && key.expiresAt <= now) {
    return ApiKeyStatus.EXPIRED;
  }
  return stored;
}

export function effectiveSecretStatus(secret: Pick<ApiKeySecret, 'storedStatus' | 'expiresAt'>, now: Date): ApiKeySecretStatus {
  return secretStatusAt(secret.storedStatus, secret.expiresAt, now);
}

/** The same rule on the stored fields (verify's cached credential holds them flat). */
export function secretStatusAt(storedStatus: ApiKeySecretStatus, expiresAt: Date | null, now: Date): ApiKeySecretStatus {
  if (storedStatus === ApiKeySecretStatus.ACTIVE && expiresAt && expiresAt <= now) return ApiKeySecretStatus.EXPIRED;
  return storedStatus;
}
