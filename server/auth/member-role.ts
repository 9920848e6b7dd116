import { registerEnumType } from 'type-graphql';

/** A member's role in an organization. Lives in auth: roles are what access checks are made of. */
export enum MemberRole {
  VIEWER = 'VIEWER',
  DEVELOPER = 'DEVELOPER',
  ADMIN = 'ADMIN',
  OWNER = 'OWNER',
}

registerEnumType(MemberRole, { name: 'MemberRole', description: 'A member\'s role in an organization; see the role matrix in the README.' });
