import type { ApiKeyStatus, Environment, KybStatus } from '../gql/graphql';

/**
 * Why a key does not work yet, in words, when the status alone does not say it: an INACTIVE LIVE
 * key of an organization whose KYB is not approved waits for that approval (the server activates
 * it by itself then).
 */
export function keyStatusHint(key: { status: ApiKeyStatus; environment: Environment }, kybStatus: KybStatus): string | null {
  if (key.status !== 'INACTIVE' || key.environment !== 'LIVE') return null;
  if (kybStatus === 'PENDING') return 'Awaits KYB approval: it activates by itself once the organization is approved.';
  if (kybStatus === 'REJECTED') return 'KYB was rejected: LIVE keys stay inactive until the organization is approved.';
  return 'Inactive: the organization allows no more active LIVE keys (key policy).';
}
