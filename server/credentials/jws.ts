import { KeyObject, sign } from 'node:crypto';

/**
 * Mints an ES256 compact JWS with Node's one-shot synchronous `crypto.sign` (the signature itself
 * is OpenSSL's; this only joins base64url parts). jose signs through the libuv thread pool, which
 * on the token endpoint costs more CPU than the signature: jose still generates the keys, serves
 * the JWKS and verifies every token (introspection, and the tests through jose and oauth4webapi).
 */
export function signEs256(header: Record<string, unknown>, payload: Record<string, unknown>, privateKey: KeyObject): string {
  if (privateKey.asymmetricKeyType !== 'ec') throw new Error('ES256 needs an EC private key');
  const input = `${Buffer.from(JSON.stringify({ ...header, alg: 'ES256' })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}
