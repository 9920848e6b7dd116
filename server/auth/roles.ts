import { MemberRole } from '../organizations/organization.enums';

/** What a member may do (SPEC 2's role matrix). Deny by default: a permission not listed is refused. */
export enum Permission {
  /** Read the organization, applications, keys (never secrets) and the audit log. */
  READ = 'READ',
  /** Create applications and keys, issue temporary keys. */
  CREATE_KEYS = 'CREATE_KEYS',
  /** Update, enable and disable applications; manage webhook endpoints. */
  MANAGE_APPLICATIONS = 'MANAGE_APPLICATIONS',
  /** Update, rotate, expire secrets of and revoke keys; the account secret. */
  MANAGE_KEYS = 'MANAGE_KEYS',
  /** Members and the key policy. */
  MANAGE_ORGANIZATION = 'MANAGE_ORGANIZATION',
}

const GRANTS: Readonly<Record<MemberRole, readonly Permission[]>> = {
  [MemberRole.VIEWER]: [Permission.READ],
  [MemberRole.DEVELOPER]: [Permission.READ, Permission.CREATE_KEYS],
  [MemberRole.ADMIN]: [Permission.READ, Permission.CREATE_KEYS, Permission.MANAGE_APPLICATIONS],
  [MemberRole.OWNER]: [Permission.READ, Permission.CREATE_KEYS, Permission.MANAGE_APPLICATIONS, Permission.MANAGE_KEYS, Permission.MANAGE_ORGANIZATION],
};

export function can(role: MemberRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Permissions that touch keys: a connected account's own members never hold them (SPEC 2). */
export const KEY_PERMISSIONS: readonly Permission[] = [Permission.CREATE_KEYS, Permission.MANAGE_KEYS];

export function permissionsOf(role: MemberRole): readonly Permission[] {
  return GRANTS[role];
}
