import { decodeProtectedHeader } from 'jose';
import { AccessService } from '../../server/auth/access.service';
import { SigningKeyService } from '../../server/credentials/signing-key.service';
import { Verifier } from '../../server/credentials/verifier';
import { openDataSource } from '../../server/database/data-source';
import { Database } from '../../server/database/database';
import { runMigrations } from '../../server/main';
import { KeyRing } from '../../server/shared/keyring';
import { createTestDatabase, testDialects } from '../helpers/databases';
import { startTestServer, TEST_SECRET, TestServer } from '../helpers/server';
import { activeKey, revokeKey, setApplicationEnabled, statementsDuring, token, verify } from './credentials-fixtures';
import { within } from '../helpers/within';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const describeMysql = testDialects().includes('mysql') ? describe : describe.skip;

describeMysql('credentials: two instances sharing one MySQL database and Redis', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer('mysql', { REDIS_URL });
    const database = a.server.services.config.database;
    if (database.type !== 'mysql') throw new Error('expected MySQL');
    b = await startTestServer('mysql', { REDIS_URL }, { databaseUrl: database.url });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a revocation on one instance is honoured by verify on the other within 1 s', async () => {
    const key = await activeKey(a);
    expect((await verify(b, key.secret)).body.code).toBe('VALID');
    // B now answers from its own cache: without an invalidation it would keep saying VALID.
    expect(await statementsDuring(b, () => verify(b, key.secret))).toBe(0);
    await revokeKey(a, key.id);
    expect((await verify(a, key.secret)).body.code).toBe('REVOKED');
    const elapsed = await within(1000, async () => (await verify(b, key.secret)).body.code === 'REVOKED');
    expect(elapsed).toBeLessThan(1000);
    expect((await token(b, key.id, key.secret)).body.error).toBe('invalid_client');
  });

  it('disabling an application on one instance stops its keys on the other within 1 s, and enabling restores them', async () => {
    const key = await activeKey(b);
    expect((await verify(a, key.secret)).body.code).toBe('VALID');
    expect(await statementsDuring(a, () => verify(a, key.secret))).toBe(0);
    await setApplicationEnabled(b, key.applicationId, false);
    await within(1000, async () => (await verify(a, key.secret)).body.code === 'APPLICATION_DISABLED');
    await setApplicationEnabled(b, key.applicationId, true);
    await within(1000, async () => (await verify(a, key.secret)).body.code === 'VALID');
  });

  it('a committed organization change (a key policy update) reaches the other instance\'s cache', async () => {
    const key = await activeKey(a);
    expect((await verify(b, key.secret)).body.code).toBe('VALID');
    const generation = b.server.services.verifier.cache.generation;
    await a.ok('mutation($id: ID!) { updateOrganization(id: $id, input: { keyPolicy: { tokenTtlSeconds: 1200 } }) { id } }', { id: key.organizationId }, await a.adminToken());
    await within(1000, async () => b.server.services.verifier.cache.generation > generation);
    expect(await statementsDuring(b, () => verify(b, key.secret))).toBe(1);
  });

  it('a signing key rotated on one instance is used and published by the other within 1 s', async () => {
    const key = await activeKey(a);
    const rotated = (await a.ok<{ rotateSigningKey: string }>('mutation { rotateSigningKey }', {}, await a.adminToken())).rotateSigningKey;
    await within(1000, async () => {
      const jwks = (await (await fetch(`${b.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> };
      return jwks.keys[0]?.kid === rotated;
    });
    const fromB = (await token(b, key.id, key.secret)).body.access_token as string;
    expect(decodeProtectedHeader(fromB).kid).toBe(rotated);
  });
});

describeMysql('credentials: instances starting together on an empty MySQL database', () => {
  it('create exactly one signing key between them', async () => {
    const database = await createTestDatabase('mysql');
    const dataSource = await openDataSource({ type: 'mysql', url: database.url });
    try {
      await runMigrations(dataSource);
      const quiet = { warn: () => undefined, error: () => undefined };
      const instances = [1, 2, 3].map(() => {
        const db = new Database(dataSource);
        const clock = { now: () => new Date() };
        const keyring = new KeyRing(TEST_SECRET);
        return new SigningKeyService(db, keyring, clock, new AccessService(), new Verifier(db, keyring, clock, undefined, quiet), quiet);
      });
      await Promise.all(instances.map((instance) => instance.start()));
      instances.forEach((instance) => instance.stop());
      const rows = (await dataSource.query("SELECT id FROM signing_keys WHERE status = 'CURRENT'")) as Array<{ id: string }>;
      expect(rows).toHaveLength(1);
      expect(new Set(instances.map((instance) => instance.current().kid))).toEqual(new Set([rows[0]!.id]));
    } finally {
      await dataSource.destroy();
      await database.drop();
    }
  });
});
