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

export enum MemberRole {
  VIEWER = 'VIEWER',
  DEVELOPER = 'DEVELOPER',
  ADMIN = 'ADMIN',
  OWNER = 'OWNER',
}

registerEnumType(KybStatus, { name: 'KybStatus', description: 'Know-your-business review of a merchant account.' });
registerEnumType(LiveKeysBeforeKyb, { name: 'LiveKeysBeforeKyb', description: 'What happens to LIVE keys asked for before KYB approval.' });
registerEnumType(MemberRole, { name: 'MemberRole', description: 'A member\'s role in an organization; see the role matrix in the README.' });
