import bcrypt from 'bcrypt';
import { checkAccountSecretShape, hashesToAvoid, nextHistory, SecretPolicyRule, secretPolicyError } from '../../server/organizations/account-secret-policy';
import { createRecoveryKeyPair, openRecoveryPrivateKey, openWithRecoveryKey, sealToRecoveryKey } from '../../server/organizations/recovery-keys';
import { fingerprint } from '../../server/api-keys/idempotency.service';

describe('account secret policy', () => {
  it.each([
    ['Abcdefghijk', SecretPolicyRule.LENGTH],
    ['A'.repeat(31), SecretPolicyRule.LENGTH],
    ['all lower case here', SecretPolicyRule.UPPERCASE],
    ['123456789012', SecretPolicyRule.UPPERCASE],
    // 30 characters but 120 bytes: bcrypt would only read the first 72.
    ['Ä' + '😀'.repeat(29), SecretPolicyRule.LENGTH],
  ])('%j breaks %s', (secret, rule) => {
    expect(checkAccountSecretShape(secret)?.rule).toBe(rule);
  });

  it.each(['Correct-Horse-42', 'ABCDEFGHIJKL', 'A'.repeat(30), 'Ünïcödé-Sécret', 'A!!!!!!!!!!!'])('accepts %j', (secret) => {
    expect(checkAccountSecretShape(secret)).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkAccountSecretShape('A' + '😀'.repeat(11))).toBeNull();
  });

  it('names the rule in the error', () => {
    const error = secretPolicyError('newSecret', checkAccountSecretShape('short')!);
    expect(error.code).toBe('SECRET_POLICY');
    expect(error.details).toMatchObject({ rule: 'LENGTH', fields: [{ field: 'newSecret' }] });
  });

  it('keeps the last N secrets (the current one included) out of reach', () => {
    expect(hashesToAvoid('h4', JSON.stringify(['h3', 'h2', 'h1']), 4)).toEqual(['h4', 'h3', 'h2', 'h1']);
    expect(hashesToAvoid('h5', JSON.stringify(['h4', 'h3', 'h2', 'h1']), 4)).toEqual(['h5', 'h4', 'h3', 'h2']);
    expect(hashesToAvoid('h1', null, 0)).toEqual([]);
    expect(hashesToAvoid(null, null, 4)).toEqual([]);
    expect(nextHistory('h4', JSON.stringify(['h3', 'h2', 'h1']), 4)).toBe(JSON.stringify(['h4', 'h3', 'h2']));
    expect(nextHistory(null, null, 4)).toBeNull();
    expect(nextHistory('h1', null, 1)).toBeNull();
    expect(hashesToAvoid('h1', 'not json', 4)).toEqual(['h1']);
  });

  it('the history holds bcrypt hashes only', async () => {
    const hash = await bcrypt.hash('Correct-Horse-42', 4);
    expect(nextHistory(hash, null, 4)).not.toContain('Correct-Horse-42');
  });
});

describe('recovery keys', () => {
  it('seal to the public key, open only with the account secret and the right key id', async () => {
    const pair = await createRecoveryKeyPair('Correct-Horse-42', 'org_1');
    const wrapped = sealToRecoveryKey(pair.publicKey, 'sk_test_secret', 'key_1');
    expect(wrapped).not.toContain('sk_test_secret');
    const privateKey = await openRecoveryPrivateKey(pair, 'Correct-Horse-42', 'org_1');
    expect(openWithRecoveryKey(privateKey, wrapped, 'key_1')).toBe('sk_test_secret');
    expect(() => openWithRecoveryKey(privateKey, wrapped, 'key_2')).toThrow();
    await expect(openRecoveryPrivateKey(pair, 'Correct-Horse-43', 'org_1')).rejects.toThrow();
    await expect(openRecoveryPrivateKey(pair, 'Correct-Horse-42', 'org_2')).rejects.toThrow();
  });

  it('stores the scrypt salt and cost beside the sealed private key', async () => {
    const pair = await createRecoveryKeyPair('Correct-Horse-42', 'org_1');
    expect(pair.sealedPrivateKey).toMatch(/^scrypt\.\d+\.8\.1\.[A-Za-z0-9_-]{22}\.v1\./);
    expect(pair.sealedPrivateKey.length).toBeLessThanOrEqual(255);
  });
});

describe('idempotency fingerprint', () => {
  it('ignores the idempotency key, secrets, key order and null versus omitted', () => {
    const a = fingerprint('createApiKey', { name: 'a', scopes: ['x'], idempotencyKey: 'k1', metadata: null });
    const b = fingerprint('createApiKey', { scopes: ['x'], name: 'a', idempotencyKey: 'k2' });
    expect(a).toBe(b);
    expect(fingerprint('createApiKey', { name: 'a', accountSecret: 'S1' })).toBe(fingerprint('createApiKey', { name: 'a', accountSecret: 'S2' }));
  });

  it('differs for other input or another operation', () => {
    expect(fingerprint('createApiKey', { name: 'a' })).not.toBe(fingerprint('createApiKey', { name: 'b' }));
    expect(fingerprint('createApiKey', { name: 'a' })).not.toBe(fingerprint('issueTemporaryApiKey', { name: 'a' }));
    expect(fingerprint('createApiKey', { expiresAt: new Date(0) })).toBe(fingerprint('createApiKey', { expiresAt: new Date(0) }));
  });
});

test('the shared UTF-8 length agrees with Node for any string, lone surrogates included', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fc = require('fast-check') as typeof import('fast-check');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { secretBytes } = require('../../server/shared/account-secret-rules') as typeof import('../../server/shared/account-secret-rules');
  fc.assert(fc.property(fc.string({ unit: fc.oneof(fc.constant('\ud800'), fc.constant('😀'), fc.constant('é'), fc.constant('a'), fc.constant('€')) }), (s) => secretBytes(s) === Buffer.byteLength(s, 'utf8')));
});
