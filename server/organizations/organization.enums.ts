import { registerEnumType } from 'type-graphql';

export enum KybStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

export enum LiveKeysBeforeKyb {
  /** LIVE keys are created INACTIVE and activated when KYB is approved. */
  INACTIVE = 'INACTIVE',
  /** LIVE keys are issued for TEST whatever was asked. */
  DOWNGRADE_TO_TEST = 'DOWNGRADE_TO_TEST',
}

export enum LeakedKeyAction {
  /** A reported leak revokes the key at once, with reason `leaked: <url>`. */
  REVOKE = 'REVOKE',
  /** A reported leak only flags the key (leakedAt, leakedUrl) and sends api_key.leaked. */
  NOTIFY = 'NOTIFY',
}

registerEnumType(KybStatus, { name: 'KybStatus', description: 'Know-your-business review of a merchant account.' });
registerEnumType(LiveKeysBeforeKyb, { name: 'LiveKeysBeforeKyb', description: 'What happens to LIVE keys asked for before KYB approval.' });
registerEnumType(LeakedKeyAction, { name: 'LeakedKeyAction', description: 'What a reported leak of one of the organization\'s secrets does to its key.' });
