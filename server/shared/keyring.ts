import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Keys derived from `KEYWARD_SECRET` with HKDF, one per purpose, so that no key serves two roles:
 * the pepper for HMAC-SHA256 secret hashes, the session-token signing key, and the key that
 * encrypts data at rest (idempotent replays, signing keys).
 */
export class KeyRing {
  private readonly pepper: Buffer;
  readonly sessionKey: Uint8Array;
  private readonly dataKey: Buffer;

  constructor(rootSecret: string) {
    const derive = (info: string): Buffer => Buffer.from(hkdfSync('sha256', rootSecret, 'keyward', info, 32));
    this.pepper = derive('secret-hash-pepper/v1');
    this.sessionKey = new Uint8Array(derive('session-token/v1'));
    this.dataKey = derive('data-encryption/v1');
  }

  /** HMAC-SHA256 of a high-entropy secret (API key, personal access token): fast and indexable. */
  hashSecret(secret: string): string {
    return createHmac('sha256', this.pepper).update(secret).digest('hex');
  }

  /** AES-256-GCM; `context` is bound as associated data so a blob cannot be moved to another row. */
  encrypt(plaintext: string, context: string): string {
    return sealWith(this.dataKey, plaintext, context);
  }

  /** Throws SecretMismatchError when the value was sealed under another KEYWARD_SECRET. */
  decrypt(sealed: string, context: string): string {
    try {
      return openWith(this.dataKey, sealed, context);
    } catch (error) {
      throw new SecretMismatchError(error);
    }
  }
}

/**
 * The data was encrypted under another KEYWARD_SECRET (GCM's bare "Unsupported state or unable
 * to authenticate data" names neither the setting nor the fix).
 */
export class SecretMismatchError extends Error {
  constructor(readonly reason: unknown) {
    super(
      'KEYWARD_SECRET: does not match the secret this database was written with (its encrypted data cannot be read). ' +
        'Start with the KEYWARD_SECRET used before (in development it is kept in KEYWARD_DATA_DIR/keyward-secret, ./data/keyward-secret by default); ' +
        'generate a production secret once, store it, and reuse it on every start and every instance.',
    );
    this.name = 'SecretMismatchError';
  }
}

export function sealWith(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

export function openWith(key: Buffer, sealed: string, context: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('Unrecognised sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
