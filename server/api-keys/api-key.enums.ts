import { registerEnumType } from 'type-graphql';

export enum Environment {
  TEST = 'TEST',
  LIVE = 'LIVE',
}

export enum ApiKeyKind {
  PERMANENT = 'PERMANENT',
  TEMPORARY = 'TEMPORARY',
}

export enum ApiKeyStatus {
  PENDING_EXCHANGE = 'PENDING_EXCHANGE',
  INACTIVE = 'INACTIVE',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  EXCHANGED = 'EXCHANGED',
}

export enum ApiKeySecretStatus {
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
}

registerEnumType(Environment, { name: 'Environment' });
registerEnumType(ApiKeyKind, { name: 'ApiKeyKind' });
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus' });
registerEnumType(ApiKeySecretStatus, { name: 'ApiKeySecretStatus' });
