import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, KeyObject, randomBytes, scrypt } from 'node:crypto';
import { openWith, sealWith } from '../shared/keyring';

/**
 * Recoverable keys (SPEC 3.5) without the server ever holding their secrets readable:
 *
 * - each organization with an account secret has an X25519 key pair; the public half is stored
 *   as is, the private half sealed (AES-256-GCM) under a key scrypt derives from the account
 *   secret, with the scrypt salt and cost stored beside it;
 * - a recoverable key's secret is sealed to the public half (ephemeral X25519 + HKDF + AES-256-GCM),
 *   so creating or rotating one needs no account secret;
 * - reading it back (`retrieveApiKey`) needs the account secret to open the private half;
 *   changing the account secret makes a new pair and re-seals every recoverable key to it.
 */

/** scrypt cost: N = 2^15 (~32 MiB, ~100 ms); lowered under NODE_ENV=test like bcrypt's rounds. */
const LOG_N = process.env.NODE_ENV === 'test' ? 10 : 15;
const R = 8;
const P = 1;

function deriveKey(accountSecret: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(accountSecret.normalize('NFC'), salt, 32, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export interface RecoveryKeyPair {
  /** base64url of the raw X25519 public key. */
  readonly publicKey: string;
  /** `scrypt.<logN>.<r>.<p>.<salt>.<sealed private key>` */
  readonly sealedPrivateKey: string;
}

export async function createRecoveryKeyPair(accountSecret: string, organizationId: string): Promise<RecoveryKeyPair> {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const x = publicKey.export({ format: 'jwk' }).x as string;
  const d = privateKey.export({ format: 'jwk' }).d as string;
  const salt = randomBytes(16);
  const key = await deriveKey(accountSecret, salt, LOG_N, R, P);
  const sealed = sealWith(key, d, `recovery-key:${organizationId}`);
  return { publicKey: x, sealedPrivateKey: ['scrypt', LOG_N, R, P, salt.toString('base64url'), sealed].join('.') };
}

/** Opens the private half with the account secret; throws when the secret is not the one it was sealed under. */
export async function openRecoveryPrivateKey(pair: RecoveryKeyPair, accountSecret: string, organizationId: string): Promise<KeyObject> {
  const [scheme, logN, r, p, salt, ...sealed] = pair.sealedPrivateKey.split('.');
  if (scheme !== 'scrypt' || !salt) throw new Error('Unrecognised recovery key');
  const key = await deriveKey(accountSecret, Buffer.from(salt, 'base64url'), Number(logN), Number(r), Number(p));
  const d = openWith(key, sealed.join('.'), `recovery-key:${organizationId}`);
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', x: pair.publicKey, d }, format: 'jwk' });
}

function sharedKey(privateKey: KeyObject, publicKey: KeyObject, ephemeral: string): Buffer {
  const shared = diffieHellman({ privateKey, publicKey });
  return Buffer.from(hkdfSync('sha256', shared, Buffer.from(ephemeral, 'base64url'), 'keyward/recoverable-api-key/v1', 32));
}

const publicKeyOf = (x: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });

/** Seals a key's secret to the organization's public key; bound to the key id. */
export function sealToRecoveryKey(publicKey: string, secret: string, apiKeyId: string): string {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralX = ephemeral.publicKey.export({ format: 'jwk' }).x as string;
  const key = sharedKey(ephemeral.privateKey, publicKeyOf(publicKey), ephemeralX);
  return ['x25519', ephemeralX, sealWith(key, secret, `api-key:${apiKeyId}`)].join('.');
}

export function openWithRecoveryKey(privateKey: KeyObject, wrapped: string, apiKeyId: string): string {
  const [scheme, ephemeralX, ...sealed] = wrapped.split('.');
  if (scheme !== 'x25519' || !ephemeralX) throw new Error('Unrecognised wrapped secret');
  return openWith(sharedKey(privateKey, publicKeyOf(ephemeralX), ephemeralX), sealed.join('.'), `api-key:${apiKeyId}`);
}
