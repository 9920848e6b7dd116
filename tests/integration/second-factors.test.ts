import { totpCode } from '../../server/auth/totp';
import { describeEachDialect } from '../helpers/databases';
import { createApplication, createMember, createOrganization, createUser } from '../helpers/fixtures';
import { errorCode, startTestServer, TestServer } from '../helpers/server';

const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt mfaRequired challenge secondFactorKinds webauthnOptions } }';
const COMPLETE = 'mutation($c: String!, $code: String, $r: String) { completeLogin(challenge: $c, code: $code, recoveryCode: $r) { token expiresAt user { email } } }';
const START_TOTP = 'mutation($p: String!) { startTotpEnrollment(password: $p) { secret otpauthUri } }';
const CONFIRM_TOTP = 'mutation($c: String!) { confirmTotpEnrollment(code: $c) { recoveryCodes secondFactor { id kind } } }';
const FACTORS = '{ me { secondFactors { id kind createdAt lastUsedAt } } }';
const ORG = 'query($id: ID!) { organization(id: $id) { id name } }';

interface Enrolled {
  readonly secret: string;
  readonly recoveryCodes: string[];
  readonly factorId: string;
}

describeEachDialect('second factors (SPEC 10)', (dialect) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(dialect);
  });
  afterAll(async () => t?.close());

  /** Enrols TOTP for a signed-in user and moves the clock one step on, so the next code is fresh. */
  async function enrolTotp(user: { password: string; token: string }): Promise<Enrolled> {
    const { secret } = (await t.ok(START_TOTP, { p: user.password }, user.token)).startTotpEnrollment;
    const confirmed = (await t.ok(CONFIRM_TOTP, { c: totpCode(secret, t.clock.now()) }, user.token)).confirmTotpEnrollment;
    t.clock.advance(30_000);
    return { secret, recoveryCodes: confirmed.recoveryCodes, factorId: confirmed.secondFactor.id };
  }

  async function signInWithCode(user: { email: string; password: string }, secret: string): Promise<string> {
    const first = (await t.ok(LOGIN, { e: user.email, p: user.password })).login;
    expect(first).toMatchObject({ token: null, mfaRequired: true, secondFactorKinds: ['TOTP'], webauthnOptions: null });
    return (await t.ok(COMPLETE, { c: first.challenge, code: totpCode(secret, t.clock.now()) })).completeLogin.token;
  }

  it('TOTP enrolment needs the password, keeps the secret sealed, and gives 10 recovery codes once', async () => {
    const user = await createUser(t, 'totp');
    expect(errorCode(await t.gql(START_TOTP, { p: 'not-my-password-1' }, user.token))).toBe('BAD_USER_INPUT');
    const { secret, otpauthUri } = (await t.ok(START_TOTP, { p: user.password }, user.token)).startTotpEnrollment;
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(errorCode(await t.gql(CONFIRM_TOTP, { c: '000000' === totpCode(secret, t.clock.now()) ? '111111' : '000000' }, user.token))).toBe('BAD_USER_INPUT');
    expect((await t.ok(FACTORS, {}, user.token)).me.secondFactors).toEqual([]);
    const confirmed = (await t.ok(CONFIRM_TOTP, { c: totpCode(secret, t.clock.now()) }, user.token)).confirmTotpEnrollment;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    expect((await t.ok(FACTORS, {}, user.token)).me.secondFactors).toEqual([expect.objectContaining({ id: confirmed.secondFactor.id, kind: 'TOTP', lastUsedAt: null })]);
    const manager = t.server.services.db.manager;
    const stored = JSON.stringify([await manager.query('SELECT * FROM second_factors'), await manager.query('SELECT * FROM recovery_codes')]);
    expect(stored).not.toContain(secret);
    for (const code of confirmed.recoveryCodes) expect(stored).not.toContain(code);
    // Enrolling a second app needs the first removed.
    expect(errorCode(await t.gql(START_TOTP, { p: user.password }, user.token))).toBe('CONFLICT');
  });

  it('sign-in takes two steps; a code works once per step; the challenge is not a session', async () => {
    const user = await createUser(t, 'twostep');
    const { secret } = await enrolTotp(user);
    const first = (await t.ok(LOGIN, { e: user.email, p: user.password })).login;
    expect(first).toMatchObject({ token: null, expiresAt: null, mfaRequired: true });
    expect(errorCode(await t.gql(FACTORS, {}, first.challenge))).toBe('UNAUTHENTICATED');
    const code = totpCode(secret, t.clock.now());
    const session = (await t.ok(COMPLETE, { c: first.challenge, code })).completeLogin;
    expect(session.user.email).toBe(user.email);
    expect((await t.ok(FACTORS, {}, session.token)).me.secondFactors[0].lastUsedAt).not.toBeNull();
    // The same code again, in the same step or the next: refused.
    const again = (await t.ok(LOGIN, { e: user.email, p: user.password })).login;
    expect(errorCode(await t.gql(COMPLETE, { c: again.challenge, code }))).toBe('UNAUTHENTICATED');
    t.clock.advance(30_000);
    expect(errorCode(await t.gql(COMPLETE, { c: again.challenge, code }))).toBe('UNAUTHENTICATED');
    expect((await t.ok(COMPLETE, { c: again.challenge, code: totpCode(secret, t.clock.now()) })).completeLogin.token).toBeTruthy();
    // The challenge lasts 5 minutes.
    const late = (await t.ok(LOGIN, { e: user.email, p: user.password })).login;
    t.clock.advance(301_000);
    expect(errorCode(await t.gql(COMPLETE, { c: late.challenge, code: totpCode(secret, t.clock.now()) }))).toBe('UNAUTHENTICATED');
  });

  it('each recovery code signs in once', async () => {
    const user = await createUser(t, 'recovery');
    const { recoveryCodes } = await enrolTotp(user);
    const challenge = async () => (await t.ok(LOGIN, { e: user.email, p: user.password })).login.challenge;
    expect((await t.ok(COMPLETE, { c: await challenge(), r: recoveryCodes[3]!.toUpperCase() })).completeLogin.token).toBeTruthy();
    expect(errorCode(await t.gql(COMPLETE, { c: await challenge(), r: recoveryCodes[3] }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(COMPLETE, { c: await challenge(), code: '123456', r: recoveryCodes[4] }))).toBe('BAD_USER_INPUT');
  });

  it('limits second-factor guesses per account like passwords, even for the right code', async () => {
    const user = await createUser(t, 'guesser');
    const { secret } = await enrolTotp(user);
    const { challenge } = (await t.ok(LOGIN, { e: user.email, p: user.password })).login;
    const right = totpCode(secret, t.clock.now());
    const wrong = (i: number) => String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 5; i += 1) expect(errorCode(await t.gql(COMPLETE, { c: challenge, code: wrong(i) }))).toBe('UNAUTHENTICATED');
    const locked = await t.gql(COMPLETE, { c: challenge, code: right });
    expect(errorCode(locked)).toBe('RATE_LIMITED');
    expect(locked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(60);
  });

  it('removing a factor needs the password, is audited and announced to the user; without factors sign-in is one step again', async () => {
    const user = await createUser(t, 'remover');
    const { secret, factorId } = await enrolTotp(user);
    const session = await signInWithCode(user, secret);
    const announced: string[] = [];
    const stream = t.server.services.pubSub.subscribe('USER_EVENT_ADDED', user.id)[Symbol.asyncIterator]();
    // The topic is listened to from the first next(): ask before the change is made.
    const first = stream.next();
    const REMOVE = 'mutation($id: ID!, $p: String!) { removeSecondFactor(id: $id, password: $p) { id kind } }';
    expect(errorCode(await t.gql(REMOVE, { id: factorId, p: 'wrong-password-123' }, session))).toBe('BAD_USER_INPUT');
    const other = await createUser(t, 'stranger');
    expect(errorCode(await t.gql(REMOVE, { id: factorId, p: other.password }, other.token))).toBe('NOT_FOUND');
    await t.ok(REMOVE, { id: factorId, p: user.password }, session);
    const next = await Promise.race([first, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000))]);
    if (next && !next.done) announced.push(next.value.event.type);
    await stream.return?.();
    expect(announced).toEqual(['second_factor.removed']);
    const events = await t.server.services.db.manager.query('SELECT type, subject_type, actor_type FROM audit_events WHERE subject_id = ? ORDER BY id', [user.id]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['user.created', 'second_factor.added', 'second_factor.removed']);
    expect(events.every((e: { subject_type: string }) => e.subject_type === 'user')).toBe(true);
    expect((await t.ok(LOGIN, { e: user.email, p: user.password })).login).toMatchObject({ mfaRequired: false, challenge: null });
    expect(await t.server.services.db.manager.query('SELECT id FROM recovery_codes WHERE user_id = ?', [user.id])).toEqual([]);
  });

  it('keyPolicy.requireMfa: a member without a factor gets MFA_REQUIRED there until enrolling; strangers still NOT_FOUND', async () => {
    const org = await createOrganization(t);
    const free = await createOrganization(t);
    const owner = await createMember(t, org.id, 'OWNER');
    const member = await createMember(t, org.id, 'DEVELOPER');
    await t.ok('mutation($o: ID!, $e: String!) { addMember(organizationId: $o, email: $e, role: VIEWER) { id } }', { o: free.id, e: member.email }, await t.adminToken());
    const stranger = await createUser(t, 'stranger');
    // Only an OWNER sets it.
    const SET = 'mutation($id: ID!, $on: Boolean!) { updateOrganization(id: $id, input: { keyPolicy: { requireMfa: $on } }) { keyPolicy { requireMfa } } }';
    expect(errorCode(await t.gql(SET, { id: org.id, on: true }, member.token))).toBe('FORBIDDEN');
    expect((await t.ok(SET, { id: org.id, on: true }, owner.token)).updateOrganization.keyPolicy.requireMfa).toBe(true);

    expect(errorCode(await t.gql(ORG, { id: org.id }, member.token))).toBe('MFA_REQUIRED');
    expect(errorCode(await t.gql('query($o: ID!) { applications(organizationId: $o) { totalItems } }', { o: org.id }, member.token))).toBe('MFA_REQUIRED');
    expect(errorCode(await t.gql('mutation($o: ID!) { createApplication(input: { organizationId: $o, name: "x" }) { id } }', { o: org.id }, member.token))).toBe('MFA_REQUIRED');
    expect(errorCode(await t.gql(ORG, { id: org.id }, owner.token))).toBe('MFA_REQUIRED');
    expect(errorCode(await t.gql(ORG, { id: org.id }, stranger.token))).toBe('NOT_FOUND');
    // Other organizations are not affected, and the list still names the organization (so the console can send the member to enrolment).
    expect((await t.ok(ORG, { id: free.id }, member.token)).organization.id).toBe(free.id);
    const listed = (await t.ok('{ organizations { id keyPolicy { requireMfa } } }', {}, member.token)).organizations;
    expect(listed).toEqual(expect.arrayContaining([{ id: org.id, keyPolicy: { requireMfa: true } }]));

    const { secret } = await enrolTotp(member);
    const session = await signInWithCode(member, secret);
    expect((await t.ok(ORG, { id: org.id }, session)).organization.id).toBe(org.id);
    await createApplication(t, org.id, session);
  });

  it('the production rule: a platform admin without a factor acts as an ordinary user and is told MFA_REQUIRED', () => {
    // Unit-level: the rule is a constructor setting of AccessService, set from NODE_ENV=production.
    const { AccessService } = jest.requireActual('../../server/auth/access.service') as typeof import('../../server/auth/access.service');
    const access = new AccessService({ platformAdminsNeedMfa: true });
    const admin = { user: { id: 'usr_1', isPlatformAdmin: true }, memberships: new Map(), via: 'session', tokenId: null, tokenScope: null } as never as import('../../server/auth/actor').Actor;
    expect(() => access.requirePlatformAdmin({ ...admin, hasSecondFactor: false })).toThrow(expect.objectContaining({ code: 'MFA_REQUIRED' }));
    expect(() => access.requirePlatformAdmin({ ...admin, hasSecondFactor: true })).not.toThrow();
    const org = Object.assign(new (jest.requireActual('../../server/organizations/organization.entity').Organization)(), { id: 'org_x', parentOrganizationId: null });
    expect(() => access.check({ ...admin, hasSecondFactor: false }, org, 'READ' as never)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(t.server.services.config.nodeEnv).toBe('test');
  });
});
