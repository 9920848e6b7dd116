import { MemberRole } from './member-role';

/** What a member may do (SPEC 2's role matrix). Deny by default: a permission not listed is refused. */
export enum Permission {
  /** Read the organization, applications, keys (never secrets) and the audit log. */
  READ = 'READ',
  /** Create applications and keys, issue temporary keys. */
  CREATE_KEYS = 'CREATE_KEYS',
  /** Update, enable and disable applications; manage webhook endpoints; read a key's webhook secret. */
  MANAGE_APPLICATIONS = 'MANAGE_APPLICATIONS',
  /** Read webhook endpoints and their deliveries (never their secrets). */
  READ_WEBHOOKS = 'READ_WEBHOOKS',
  /** Update, rotate, expire secrets of and revoke keys; the account secret. */
  MANAGE_KEYS = 'MANAGE_KEYS',
  /** Rate limits, credits and IP allowlists of keys (SPEC 7: ADMIN and above). */
  MANAGE_USAGE = 'MANAGE_USAGE',
  /** Members and the organization's name. */
  MANAGE_ORGANIZATION = 'MANAGE_ORGANIZATION',
  /** The key policy (limits, KYB behaviour, token lifetime). */
  MANAGE_KEY_POLICY = 'MANAGE_KEY_POLICY',
}

const GRANTS: Readonly<Record<MemberRole, readonly Permission[]>> = {
  [MemberRole.VIEWER]: [Permission.READ],
  [MemberRole.DEVELOPER]: [Permission.READ, Permission.CREATE_KEYS],
  [MemberRole.ADMIN]: [Permission.READ, Permission.CREATE_KEYS, Permission.MANAGE_APPLICATIONS, Permission.READ_WEBHOOKS, Permission.MANAGE_USAGE],
  [MemberRole.OWNER]: [
    Permission.READ,
    Permission.CREATE_KEYS,
    Permission.MANAGE_APPLICATIONS,
    Permission.READ_WEBHOOKS,
    Permission.MANAGE_USAGE,
    Permission.MANAGE_KEYS,
    Permission.MANAGE_ORGANIZATION,
    Permission.MANAGE_KEY_POLICY,
  ],
};

export function can(role: MemberRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/**
 * Key management: a connected account's own members never hold these there, whatever their role
 * (SPEC 2) — applications, keys, their usage limits, key webhook secrets, the key policy and
 * webhook endpoints are managed from the parent. Reading, and their own membership list, stay theirs.
 */
export const KEY_PERMISSIONS: readonly Permission[] = [Permission.CREATE_KEYS, Permission.MANAGE_APPLICATIONS, Permission.MANAGE_KEYS, Permission.MANAGE_USAGE, Permission.MANAGE_KEY_POLICY];

export function permissionsOf(role: MemberRole): readonly Permission[] {
  return GRANTS[role];
}
