import { EntityManager } from 'typeorm';
import { ApiKey } from '../../server/api-keys/api-key.entity';
import { ApiKeyStatus } from '../../server/api-keys/api-key.enums';
import { PersonalAccessToken } from '../../server/auth/personal-access-token.entity';
import { describeEachDialect } from '../helpers/databases';
import { createApiKey, createApplication, createOrganization, createUser } from '../helpers/fixtures';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';

/**
 * Work outside a transaction never runs inside another request's open transaction: on SQLite's
 * single writer connection that used to happen (a PAT touch, a token revocation, verify's reads),
 * so a rollback took the outside write with it and an outside read saw uncommitted rows.
 */
describeEachDialect('work outside a transaction stays outside the open ones', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  /** Opens a transaction that does `work`, then stays open until released, then rolls back. */
  async function holdOpen(work: (manager: EntityManager) => Promise<unknown>): Promise<{ release(): void; done: Promise<unknown> }> {
    let release!: () => void;
    let ready!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (ready = resolve));
    const done = t.server.services.db
      .transaction(async (manager) => {
        await work(manager);
        ready();
        await held;
        throw new Error('rolled back on purpose');
      })
      .catch((error: unknown) => error);
    await started;
    return { release, done };
  }

  const verify = async (key: string) => {
    const response = await fetch(`${t.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: JSON.stringify({ key }) });
    return ((await response.json()) as { valid: boolean; code: string }).code;
  };

  it('reads (and verify) see only committed rows while another transaction is open', async () => {
    const key = await createApiKey(t, (await createApplication(t, (await createOrganization(t)).id)).id);
    const open = await holdOpen((manager) => manager.update(ApiKey, { id: key.id }, { storedStatus: ApiKeyStatus.REVOKED, revokedAt: new Date() }));
    try {
      expect((await t.server.services.db.manager.findOneByOrFail(ApiKey, { id: key.id })).storedStatus).toBe(ApiKeyStatus.ACTIVE);
      expect(await verify(key.secret)).toBe('VALID');
    } finally {
      open.release();
    }
    expect(await open.done).toEqual(new Error('rolled back on purpose'));
    // Nothing uncommitted was cached either.
    expect(await verify(key.secret)).toBe('VALID');
  });

  it('a write outside transactions (PAT lastUsedAt) is not rolled back with another transaction', async () => {
    const user = await createUser(t, 'pat');
    const { token, personalAccessToken } = (await t.ok('mutation { createPersonalAccessToken(input: { name: "isolation", expiresInDays: 30 }) { token personalAccessToken { id } } }', {}, user.token)).createPersonalAccessToken;
    const open = await holdOpen(async (manager) => manager.query('SELECT 1'));
    const used = t.gql('query { me { id } }', {}, token);
    await new Promise((resolve) => setTimeout(resolve, 100));
    open.release();
    await open.done;
    expect((await used).data?.me?.id).toBe(user.id);
    expect((await t.server.services.db.manager.findOneByOrFail(PersonalAccessToken, { id: personalAccessToken.id })).lastUsedAt).not.toBeNull();
  });

  it('a token revocation made while another transaction is open survives its rollback', async () => {
    const key = await createApiKey(t, (await createApplication(t, (await createOrganization(t)).id)).id);
    const issued = await fetch(`${t.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: key.id, client_secret: key.secret }) });
    const accessToken = ((await issued.json()) as { access_token: string }).access_token;
    const open = await holdOpen(async (manager) => manager.query('SELECT 1'));
    const revoked = t.server.services.tokens.revoke(accessToken, null);
    await new Promise((resolve) => setTimeout(resolve, 100));
    open.release();
    await open.done;
    await revoked;
    const introspected = await fetch(`${t.url}/oauth/introspect`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${SERVICE_TOKEN}` }, body: new URLSearchParams({ token: accessToken }) });
    expect(await introspected.json()).toEqual({ active: false });
  });

  if (dialect === 'sqlite') {
    it('a write attempted through the read manager fails instead of joining an open transaction', async () => {
      await expect(t.server.services.db.manager.query('DELETE FROM revoked_tokens')).rejects.toThrow(/readonly/i);
    });
  }
});
