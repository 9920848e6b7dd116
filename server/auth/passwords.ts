import bcrypt from 'bcrypt';

/**
 * bcrypt, for low-entropy user-chosen secrets only (passwords, account secrets). The cost drops
 * under NODE_ENV=test so the suites stay fast; it never changes what is accepted.
 */
const ROUNDS = process.env.NODE_ENV === 'test' ? 4 : 12;
/** Compared against when no user matches, so a wrong email costs as long as a wrong password. */
const DUMMY_HASH = bcrypt.hashSync('keyward-dummy-password', ROUNDS);

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, ROUNDS);
}

export async function verifyPassword(plain: string, hash: string | null | undefined): Promise<boolean> {
  const matches = await bcrypt.compare(plain, hash ?? DUMMY_HASH);
  return matches && hash !== null && hash !== undefined;
}
