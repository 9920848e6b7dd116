import { Column, Entity, Index } from 'typeorm';
import { IdColumn, TextColumn, TimeColumn } from '../database/columns';

export enum SigningKeyStatus {
  /** Signs new tokens. */
  CURRENT = 'CURRENT',
  /** Retired from signing, still published in the JWKS so tokens it signed keep verifying. */
  PREVIOUS = 'PREVIOUS',
  /** No longer published. */
  RETIRED = 'RETIRED',
}

/** An ES256 key pair for access tokens; the private key is sealed under KEYWARD_SECRET. */
@Entity('signing_keys')
export class SigningKey {
  /** Also the JWK `kid`. */
  @IdColumn()
  id!: string;

  @TextColumn('algorithm', 8)
  algorithm!: string;

  @Index()
  @TextColumn('status', 16)
  status!: SigningKeyStatus;

  /** Public JWK as JSON. */
  @Column({ name: 'public_jwk', type: 'text' })
  publicJwk!: string;

  /** PKCS#8 PEM sealed with KeyRing.encrypt, bound to the kid. */
  @Column({ name: 'private_key', type: 'text' })
  privateKey!: string;

  @TimeColumn('created_at')
  createdAt!: Date;

  @TimeColumn('retired_at', { nullable: true })
  retiredAt!: Date | null;
}
