import { Entity, Index, PrimaryColumn } from 'typeorm';
import { RefColumn, TimeColumn } from '../database/columns';

/** An access token revoked before it expired (RFC 7009); kept until `expiresAt`, then purged. */
@Entity('revoked_tokens')
export class RevokedToken {
  @PrimaryColumn({ name: 'jti', type: 'varchar', length: 64 })
  jti!: string;

  @RefColumn('client_id')
  clientId!: string;

  @Index()
  @TimeColumn('expires_at')
  expiresAt!: Date;

  @TimeColumn('revoked_at')
  revokedAt!: Date;
}
