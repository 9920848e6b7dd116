import { KeyObject, sign } from 'node:crypto';

/** RFC 9068: the `typ` of a JWT access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Mints ES256 compact JWS for one key and header with Node's one-shot synchronous `crypto.sign`
 * (the signature itself is OpenSSL's; this only joins base64url parts, and encodes the header
 * once). jose signs through the libuv thread pool, which on the token endpoint costs more CPU than
 * the signature: jose still generates the keys, serves the JWKS and verifies every token
 * (introspection, and the tests through jose and oauth4webapi).
 */
export class Es256Jws {
  private readonly encodedHeader: string;

  constructor(
    header: Readonly<Record<string, unknown>>,
    private readonly privateKey: KeyObject,
  ) {
    if (privateKey.asymmetricKeyType !== 'ec') throw new Error('ES256 needs an EC private key');
    this.encodedHeader = Buffer.from(JSON.stringify({ ...header, alg: 'ES256' })).toString('base64url');
  }

  sign(payload: Readonly<Record<string, unknown>>): string {
    const input = `${this.encodedHeader}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }
}
