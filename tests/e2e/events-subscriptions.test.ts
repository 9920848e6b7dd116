import { totpCode } from '../../server/auth/totp';
import { buildKeywardSchema } from '../../server/graphql/schema';
import { settle, subscribe, Subscription, wsClient } from '../helpers/events';
import { createApiKey, createApplication, createMember, createOrganization } from '../helpers/fixtures';
import { startTestServer, TestServer } from '../helpers/server';

const KEY_STATUS = 'subscription($o: ID!, $a: ID) { apiKeyStatusChanged(organizationId: $o, applicationId: $a) { apiKey { id status applicationId } previousStatus status reason occurredAt } }';
const APP_STATUS = 'subscription($o: ID!) { applicationStatusChanged(organizationId: $o) { application { id isEnabled } previousStatus status occurredAt } }';
const AUDIT = 'subscription($o: ID!) { auditEventAdded(organizationId: $o) { id type subjectType subjectId data organizationId createdAt } }';
const REVOKE = 'mutation($id: ID!, $r: String) { revokeApiKey(id: $id, reason: $r) { id } }';
const DISABLE = 'mutation($id: ID!, $e: Boolean!) { setApplicationEnabled(id: $id, isEnabled: $e) { id } }';

/**
 * The code a refused subscription ends with: graphql-ws sends request errors (parse, validation)
 * as an `error` message, and errors of the subscribe step as one `next` with errors, then `complete`.
 */
async function errorCodeOf(sub: Subscription): Promise<string | undefined> {
  const failure = (await sub.ended()) as Array<{ extensions?: { code?: string } }> | undefined;
  return failure?.[0]?.extensions?.code ?? sub.messages[0]?.errors?.[0]?.extensions?.code;
}

const mutations = buildKeywardSchema().getMutationType()!.getFields();
const itIf = (condition: boolean) => (condition ? it : it.skip);

describe('event subscriptions over graphql-ws [sqlite]', () => {
  let t: TestServer;
  const clients: Array<{ dispose(): void | Promise<void> }> = [];
  const client = (token?: string, extra?: Record<string, unknown>) => {
    const c = wsClient(t, token, extra);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  afterAll(async () => t?.close());

  it('delivers a revocation as committed, with previousStatus, status and reason; an outsider gets NOT_FOUND and nothing', async () => {
    const org = await createOrganization(t);
    const other = await createOrganization(t);
    const viewer = await createMember(t, org.id, 'VIEWER');
    const outsider = await createMember(t, other.id, 'OWNER');
    const app = await createApplication(t, org.id);
    const key = await createApiKey(t, app.id);

    const mine = subscribe(client(viewer.token), KEY_STATUS, { o: org.id });
    const theirs = subscribe(client(outsider.token), KEY_STATUS, { o: org.id });
    const outsiderOwn = subscribe(client(outsider.token), AUDIT, { o: other.id });
    await settle();
    await t.ok(REVOKE, { id: key.id, r: 'leaked in a log' }, await t.adminToken());
    await mine.next(1);
    const change = mine.messages[0]!.data!.apiKeyStatusChanged;
    expect(change).toMatchObject({ apiKey: { id: key.id, status: 'REVOKED', applicationId: app.id }, previousStatus: 'ACTIVE', status: 'REVOKED', reason: 'leaked in a log' });
    expect(new Date(change.occurredAt).getTime()).toBe(t.clock.now().getTime());

    expect(await errorCodeOf(theirs)).toBe('NOT_FOUND');
    await settle(200);
    expect(outsiderOwn.messages).toHaveLength(0);
  });

  it('filters by application', async () => {
    const org = await createOrganization(t);
    const [appA, appB] = [await createApplication(t, org.id), await createApplication(t, org.id)];
    const [keyA, keyB] = [await createApiKey(t, appA.id), await createApiKey(t, appB.id)];
    const onlyB = subscribe(client(await t.adminToken()), KEY_STATUS, { o: org.id, a: appB.id });
    await settle();
    await t.ok(REVOKE, { id: keyA.id }, await t.adminToken());
    await t.ok(REVOKE, { id: keyB.id }, await t.adminToken());
    await onlyB.next(1);
    await settle(200);
    expect(onlyB.messages.map((m) => m.data!.apiKeyStatusChanged.apiKey.id)).toEqual([keyB.id]);
  });

  it('applicationStatusChanged and auditEventAdded follow an application disable and enable', async () => {
    const org = await createOrganization(t);
    const member = await createMember(t, org.id, 'DEVELOPER');
    const app = await createApplication(t, org.id);
    const statuses = subscribe(client(member.token), APP_STATUS, { o: org.id });
    const audit = subscribe(client(member.token), AUDIT, { o: org.id });
    await settle();
    await t.ok(DISABLE, { id: app.id, e: false }, await t.adminToken());
    await t.ok(DISABLE, { id: app.id, e: true }, await t.adminToken());
    await statuses.next(2);
    expect(statuses.messages.map((m) => m.data!.applicationStatusChanged)).toMatchObject([
      { application: { id: app.id }, previousStatus: 'ENABLED', status: 'DISABLED' },
      { application: { id: app.id, isEnabled: true }, previousStatus: 'DISABLED', status: 'ENABLED' },
    ]);
    await audit.next(2);
    expect(audit.messages.map((m) => m.data!.auditEventAdded.type)).toEqual(['application.disabled', 'application.enabled']);
    expect(audit.messages[0]!.data!.auditEventAdded).toMatchObject({ organizationId: org.id, subjectType: 'application', subjectId: app.id });
  });

  itIf(Boolean(mutations.rotateApiKey))('announces a rotation (status unchanged)', async () => {
    const org = await createOrganization(t);
    const key = await createApiKey(t, (await createApplication(t, org.id)).id);
    const sub = subscribe(client(await t.adminToken()), KEY_STATUS, { o: org.id });
    await settle();
    await t.ok('mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 3600) { secret } }', { id: key.id }, await t.adminToken());
    await sub.next(1);
    expect(sub.messages[0]!.data!.apiKeyStatusChanged).toMatchObject({ apiKey: { id: key.id }, previousStatus: 'ACTIVE', status: 'ACTIVE' });
  });

  itIf(Boolean(mutations.setKybStatus))('announces each LIVE key activated by KYB approval', async () => {
    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    const live = await createApiKey(t, app.id, { environment: 'LIVE' });
    expect(live.status).toBe('INACTIVE');
    const sub = subscribe(client(await t.adminToken()), KEY_STATUS, { o: org.id });
    await settle();
    await t.ok('mutation($o: ID!) { setKybStatus(organizationId: $o, status: APPROVED) { id } }', { o: org.id }, await t.adminToken());
    await sub.next(1);
    expect(sub.messages[0]!.data!.apiKeyStatusChanged).toMatchObject({ apiKey: { id: live.id, status: 'ACTIVE' }, previousStatus: 'INACTIVE', status: 'ACTIVE' });
  });

  it('a removed member stops receiving: one FORBIDDEN/NOT_FOUND error, then the subscription ends', async () => {
    const org = await createOrganization(t);
    const member = await createMember(t, org.id, 'VIEWER');
    const app = await createApplication(t, org.id);
    const [first, second] = [await createApiKey(t, app.id), await createApiKey(t, app.id)];
    const sub = subscribe(client(member.token), KEY_STATUS, { o: org.id });
    await settle();
    await t.ok(REVOKE, { id: first.id }, await t.adminToken());
    await sub.next(1);
    await t.ok('mutation($o: ID!, $u: ID!) { removeMember(organizationId: $o, userId: $u) { id } }', { o: org.id, u: member.id }, await t.adminToken());
    await t.ok(REVOKE, { id: second.id }, await t.adminToken());
    await sub.next(2);
    expect(sub.messages[1]!.data).toBeNull();
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(sub.messages[1]!.errors![0]!.extensions!.code);
    await sub.ended();
  });

  it('a member without a second factor stops receiving once the organization requires one (the organization is read again, not kept from subscribe time)', async () => {
    const org = await createOrganization(t);
    const member = await createMember(t, org.id, 'VIEWER');
    const app = await createApplication(t, org.id);
    const [first, second] = [await createApiKey(t, app.id), await createApiKey(t, app.id)];
    // An owner with a factor goes on working after the policy changes.
    const owner = await createMember(t, org.id, 'OWNER');
    const { secret } = (await t.ok<{ startTotpEnrollment: { secret: string } }>('mutation($p: String!) { startTotpEnrollment(password: $p) { secret } }', { p: owner.password }, owner.token)).startTotpEnrollment;
    await t.ok('mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes } }', { c: totpCode(secret, t.clock.now()) }, owner.token);
    const sub = subscribe(client(member.token), KEY_STATUS, { o: org.id });
    await settle();
    await t.ok(REVOKE, { id: first.id }, owner.token);
    await sub.next(1);
    await t.ok('mutation($o: ID!) { updateOrganization(id: $o, input: { keyPolicy: { requireMfa: true } }) { id } }', { o: org.id }, owner.token);
    await t.ok(REVOKE, { id: second.id }, owner.token);
    await sub.next(2);
    expect(sub.messages[1]!.data).toBeNull();
    expect(sub.messages[1]!.errors![0]!.extensions!.code).toBe('MFA_REQUIRED');
    await sub.ended();
  });

  it('a revoked personal access token stops receiving', async () => {
    const org = await createOrganization(t);
    const member = await createMember(t, org.id, 'VIEWER');
    const pat = await t.ok<{ createPersonalAccessToken: { token: string; personalAccessToken: { id: string } } }>(
      'mutation { createPersonalAccessToken(input: { name: "ws", expiresInDays: 30 }) { token personalAccessToken { id } } }',
      {},
      member.token,
    );
    const key = await createApiKey(t, (await createApplication(t, org.id)).id);
    const sub = subscribe(client(pat.createPersonalAccessToken.token), KEY_STATUS, { o: org.id });
    await settle();
    await t.ok('mutation($id: ID!) { revokePersonalAccessToken(id: $id) { id } }', { id: pat.createPersonalAccessToken.personalAccessToken.id }, member.token);
    await t.ok(REVOKE, { id: key.id }, await t.adminToken());
    await sub.next(1);
    expect(sub.messages[0]!.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    await sub.ended();
  });

  describe('bad input gets a clear error', () => {
    it('a malformed document: BAD_USER_INPUT', async () => {
      const sub = subscribe(client(await t.adminToken()), 'subscription { apiKeyStatusChanged(organizationId: ', {});
      const errors = (await sub.ended()) as Array<{ extensions: { code: string } }>;
      expect(errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    });

    it('an unknown field or a missing argument: BAD_USER_INPUT', async () => {
      for (const query of ['subscription { apiKeyStatusChanged { status } }', 'subscription($o: ID!) { auditEventAdded(organizationId: $o) { nope } }']) {
        const errors = (await subscribe(client(await t.adminToken()), query, { o: 'org_x' }).ended()) as Array<{ extensions: { code: string } }>;
        expect(errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
      }
    });

    it('an unknown organization: NOT_FOUND, for each subscription', async () => {
      for (const query of [KEY_STATUS, APP_STATUS, AUDIT]) {
        expect(await errorCodeOf(subscribe(client(await t.adminToken()), query, { o: 'org_doesnotexist0000000000000' }))).toBe('NOT_FOUND');
      }
    });

    it('a missing or wrong token is refused at the handshake (4403)', async () => {
      for (const token of [undefined, 'not-a-token', 'pat_0000000000000000000000000000000000000000']) {
        const failure = (await subscribe(client(token), AUDIT, { o: 'org_x' }).ended()) as { code?: number };
        expect(failure.code).toBe(4403);
      }
      const wrongType = (await subscribe(client(undefined, { authorization: 42 }), AUDIT, { o: 'org_x' }).ended()) as { code?: number };
      expect(wrongType.code).toBe(4403);
    });
  });
});
