import type { KeyStatusChange } from './api-key.service';

/**
 * What the lifecycle tells the rest of the server after a transaction commits (never before:
 * nothing is announced that did not commit).
 */
export interface KeyChangeListener {
  /** A key's status changed: subscriptions (`apiKeyStatusChanged`). */
  statusChanged(change: KeyStatusChange): void;
  /** What verify answers for these keys may have changed: drop them from its cache. */
  keysChanged(keyIds: readonly string[]): void;
  /** Something every key of the organization depends on changed (KYB). */
  organizationChanged(organizationId: string): void;
}

export const ignoreKeyChanges: KeyChangeListener = { statusChanged: () => undefined, keysChanged: () => undefined, organizationChanged: () => undefined };
