import { ApiKeyKind, ApiKeySecretStatus, ApiKeyStatus, Environment } from '../../server/api-keys/api-key.enums';
import { Credential, MALFORMED_RESULT, resultFor, VerifyCode } from '../../server/credentials/credential';
import { CredentialCache } from '../../server/credentials/credential-cache';
import { credentialFromRow, toDate, toSqlDatetime } from '../../server/credentials/credential-store';
import { decide, missingScopes } from '../../server/credentials/verify-rules';

const NOW = new Date('2026-01-01T12:00:00.000Z');
const later = (ms: number): Date => new Date(NOW.getTime() + ms);

function credential(overrides: Partial<Credential> = {}): Credential {
  const scopes = overrides.scopes ?? ['payments:write', 'refunds'];
  return {
    keyId: 'key_1',
    applicationId: 'app_1',
    organizationId: 'org_1',
    environment: Environment.TEST,
    kind: ApiKeyKind.PERMANENT,
    storedStatus: ApiKeyStatus.ACTIVE,
    expiresAt: null,
    scopes,
    scopeSet: new Set(scopes),
    destination: null,
    webhookUrl: null,
    metadata: null,
    secretId: 'sec_1', secretStatus: ApiKeySecretStatus.ACTIVE, secretExpiresAt: null,
    applicationEnabled: true,
    tokenTtlSeconds: 3600,
    usage: null,
    ...overrides,
  };
}

describe('verify rules', () => {
  it('answers VALID for an active key of an enabled application', () => {
    expect(decide(credential(), NOW, undefined)).toBe(VerifyCode.VALID);
    expect(decide(credential(), NOW, [])).toBe(VerifyCode.VALID);
    expect(decide(credential(), NOW, ['refunds'])).toBe(VerifyCode.VALID);
  });

  it('answers INSUFFICIENT_SCOPE when any required scope is missing', () => {
    expect(decide(credential(), NOW, ['refunds', 'disputes:read'])).toBe(VerifyCode.INSUFFICIENT_SCOPE);
    expect(missingScopes(new Set(['a']), ['a', 'b', 'c'])).toEqual(['b', 'c']);
  });

  it('answers EXPIRED at the instant expiresAt passes, not a millisecond before', () => {
    const key = credential({ expiresAt: later(1000) });
    expect(decide(key, later(999), undefined)).toBe(VerifyCode.VALID);
    expect(decide(key, later(1000), undefined)).toBe(VerifyCode.EXPIRED);
    expect(decide(credential({ storedStatus: ApiKeyStatus.EXPIRED }), NOW, undefined)).toBe(VerifyCode.EXPIRED);
  });

  it('answers EXPIRED for a secret whose grace period ended', () => {
    const key = credential({ secretId: 'sec_1', secretStatus: ApiKeySecretStatus.ACTIVE, secretExpiresAt: later(10) });
    expect(decide(key, NOW, undefined)).toBe(VerifyCode.VALID);
    expect(decide(key, later(10), undefined)).toBe(VerifyCode.EXPIRED);
    expect(decide(credential({ secretId: 'sec_1', secretStatus: ApiKeySecretStatus.EXPIRED, secretExpiresAt: null }), NOW, undefined)).toBe(VerifyCode.EXPIRED);
  });

  it('orders verdicts: revoked, temporary, expired, application disabled, inactive, scope', () => {
    const everythingWrong = credential({ storedStatus: ApiKeyStatus.REVOKED, kind: ApiKeyKind.TEMPORARY, expiresAt: later(-1), applicationEnabled: false });
    expect(decide(everythingWrong, NOW, ['nope'])).toBe(VerifyCode.REVOKED);
    expect(decide({ ...everythingWrong, storedStatus: ApiKeyStatus.PENDING_EXCHANGE }, NOW, ['nope'])).toBe(VerifyCode.TEMPORARY_KEY);
    expect(decide(credential({ storedStatus: ApiKeyStatus.INACTIVE, expiresAt: later(-1), applicationEnabled: false }), NOW, undefined)).toBe(VerifyCode.EXPIRED);
    expect(decide(credential({ storedStatus: ApiKeyStatus.INACTIVE, applicationEnabled: false }), NOW, undefined)).toBe(VerifyCode.APPLICATION_DISABLED);
    expect(decide(credential({ storedStatus: ApiKeyStatus.INACTIVE }), NOW, ['nope'])).toBe(VerifyCode.INACTIVE);
    expect(decide(credential({ storedStatus: ApiKeyStatus.EXCHANGED }), NOW, undefined)).toBe(VerifyCode.TEMPORARY_KEY);
  });

  it('describes a found key whatever the code, and nothing for MALFORMED', () => {
    const key = credential({ expiresAt: later(5000), metadata: { a: 1 } });
    expect(resultFor(key, VerifyCode.REVOKED)).toMatchObject({ valid: false, code: 'REVOKED', keyId: 'key_1', expiresAt: later(5000).toISOString(), metadata: { a: 1 } });
    expect(resultFor(key, VerifyCode.VALID).valid).toBe(true);
    expect(MALFORMED_RESULT).toMatchObject({ valid: false, code: 'MALFORMED', keyId: null, scopes: [] });
  });
});

describe('credential rows', () => {
  it('reads both dialects\' datetimes and booleans', () => {
    expect(toDate('2026-01-01 12:00:00.123')).toEqual(new Date('2026-01-01T12:00:00.123Z'));
    expect(toDate(new Date(5))).toEqual(new Date(5));
    expect(toDate(null)).toBeNull();
    expect(toSqlDatetime(new Date('2026-01-01T12:00:00.123Z'))).toBe('2026-01-01 12:00:00.123');
    const row = {
      secret_id: 's', secret_status: 'ACTIVE', secret_expires_at: null, key_id: 'k', organization_id: 'o', application_id: 'a', environment: 'LIVE', kind: 'PERMANENT', status: 'ACTIVE',
      scopes: '["x","y"]', expires_at: '2026-01-01 00:00:00.000', webhook_url: null, destination: 'd', metadata: '{"m":1}', application_enabled: 0, token_ttl_seconds: '600',
    };
    const parsed = credentialFromRow(row);
    expect(parsed).toMatchObject({ keyId: 'k', scopes: ['x', 'y'], applicationEnabled: false, tokenTtlSeconds: 600, metadata: { m: 1 }, expiresAt: new Date('2026-01-01T00:00:00.000Z') });
    expect(parsed.scopeSet.has('y')).toBe(true);
    expect(credentialFromRow({ ...row, application_enabled: 1, metadata: null }).applicationEnabled).toBe(true);
  });
});

describe('credential cache', () => {
  const options = { maxEntries: 3, maxAgeMs: 1000 };

  it('drops entries by key, application and organization', () => {
    const cache = new CredentialCache(options, () => 0);
    cache.set('h1', credential({ keyId: 'k1', applicationId: 'a1', organizationId: 'o1' }), cache.generation);
    cache.set('h2', credential({ keyId: 'k1', applicationId: 'a1', organizationId: 'o1' }), cache.generation);
    cache.set('h3', credential({ keyId: 'k3', applicationId: 'a2', organizationId: 'o1' }), cache.generation);
    expect(cache.invalidateKey('k1')).toBe(2);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h3')).toBeDefined();
    expect(cache.invalidateApplication('a2')).toBe(1);
    cache.set('h4', credential({ keyId: 'k4', applicationId: 'a4', organizationId: 'o4' }), cache.generation);
    expect(cache.invalidateOrganization('o4')).toBe(1);
    // Invalidated entries miss at once; the memory they hold goes when they are next looked up or evicted.
    expect(cache.get('h3')).toBeUndefined();
    expect(cache.get('h4')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('refuses to store a load that started before an invalidation', () => {
    const cache = new CredentialCache(options, () => 0);
    const started = cache.generation;
    cache.invalidateKey('k-other');
    expect(cache.set('h1', credential(), started)).toBe(false);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.set('h1', credential(), cache.generation)).toBe(true);
  });

  it('evicts the oldest entry when full and expires entries after maxAgeMs', () => {
    let clock = 0;
    const cache = new CredentialCache(options, () => clock);
    for (const h of ['h1', 'h2', 'h3', 'h4']) cache.set(h, credential({ keyId: h }), cache.generation);
    expect(cache.size).toBe(3);
    expect(cache.get('h1')).toBeUndefined();
    clock = 1001;
    expect(cache.get('h4')).toBeUndefined();
    expect(cache.invalidateKey('h4')).toBe(0);
  });
});
