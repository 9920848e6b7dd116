import bcrypt from 'bcrypt';
import { createHash } from 'node:crypto';

/**
 * bcrypt, for low-entropy user-chosen secrets only (passwords, account secrets). The cost drops
 * under NODE_ENV=test so the suites stay fast; it never changes what is accepted.
 *
 * bcrypt reads only the first 72 bytes of its input, so a long password with another ending
 * would sign in. New hashes are therefore made over SHA-256 of the whole UTF-8 password (base64:
 * 44 bytes, no NUL bytes) and stored as `$kw1$<bcrypt hash>`; every byte counts, whatever the
 * length. Hashes made before (`$2b$…`, no prefix) are verified as they were made, so existing
 * users keep signing in; they move to the new form when the password is next set.
 */
const ROUNDS = process.env.NODE_ENV === 'test' ? 4 : 12;
const PREHASHED = '$kw1$';
/** Compared against when no user matches, so a wrong email costs as long as a wrong password. */
const DUMMY_HASH = bcrypt.hashSync('keyward-dummy-password', ROUNDS);

/** The password hash of a pending user (added as a member before the account was created): matches nothing. */
export const PENDING_PASSWORD_HASH = '';

const prehash = (plain: string): string => createHash('sha256').update(plain, 'utf8').digest('base64');

export async function hashPassword(plain: string): Promise<string> {
  return PREHASHED + (await bcrypt.hash(prehash(plain), ROUNDS));
}

/** False for a missing hash and for the empty hash of a user who has not set a password yet. */
export async function verifyPassword(plain: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    await bcrypt.compare(plain, DUMMY_HASH);
    return false;
  }
  if (hash.startsWith(PREHASHED)) return bcrypt.compare(prehash(plain), hash.slice(PREHASHED.length));
  return bcrypt.compare(plain, hash);
}
