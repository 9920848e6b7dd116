import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { Config } from '../config';
import { Clock } from '../clock';
import { Database, isUniqueViolation } from '../database/database';
import { badInput, DomainError, ErrorCode, forbidden } from '../errors';
import { auditActorOf, recordEvent } from '../events/audit';
import { MemberRole } from './member-role';
import { bearerCredentials } from '../shared/authorization';
import type { ClientAddress } from '../shared/client-address';
import { KeyRing } from '../shared/keyring';
import { loginRules, RateLimits } from '../shared/rate-limits';
import { newId, randomString } from '../shared/random';
import { normalEmail } from '../shared/validation';
import { AccessService } from './access.service';
import { Actor } from './actor';
import { hashPassword, PENDING_PASSWORD_HASH, verifyPassword } from './passwords';
import { PersonalAccessToken } from './personal-access-token.entity';
import { Permission } from './roles';
import { SecondFactor, SecondFactorKind } from './second-factor.entity';
import { SecondFactorProof, SecondFactorService } from './second-factor.service';
import { isNarrowed, narrowActor, TokenScope } from './token-scope';
import { User } from './user.entity';

export const SESSION_TTL_SECONDS = 3600;
/** The first step of a sign-in with a second factor: proves the password, is not a session. */
const CHALLENGE_AUDIENCE = 'keyward:second-factor';
const CHALLENGE_TTL_SECONDS = 300;
/** SPEC 10: a personal access token expires at most a year after it is made. */
export const PAT_MAX_DAYS = 365;
const DAY_MS = 86_400_000;
const PAT_PATTERN = /^pat_[0-9A-Za-z]{40}$/;
const API_KEY_LIKE = /^(sk|tk)_(test|live)_/;
/** PAT last-use is written at most this often per token, not per request. */
const PAT_TOUCH_INTERVAL_MS = 60_000;

const unauthenticated = (message: string): DomainError => new DomainError(ErrorCode.UNAUTHENTICATED, message);

interface ActorRow {
  u_id: string;
  u_email: string;
  u_password_hash: string;
  u_is_platform_admin: number | boolean;
  u_created_at: string | Date;
  m_organization_id: string | null;
  m_role: MemberRole | null;
  t_id?: string;
  t_revoked_at?: string | Date | null;
  t_expires_at?: string | Date | null;
  t_last_used_at?: string | Date | null;
  t_organization_id?: string | null;
  t_max_role?: MemberRole | null;
  u_factor_count: number | string;
}

/** What `login` and `completeLogin` answer: a session, or the challenge of the second step. */
export interface SignIn {
  token: string | null;
  expiresAt: Date | null;
  user: User;
  mfaRequired: boolean;
  challenge: string | null;
  secondFactorKinds: SecondFactorKind[];
  webauthnOptions: Record<string, unknown> | null;
}

/** Confirmed second factors of the row's user, as a column of the actor query. */
const FACTOR_COUNT = '(SELECT COUNT(*) FROM second_factors f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL)';

const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value.endsWith('Z') || value.includes('+') ? value : `${value.replace(' ', 'T')}Z`));

export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly access: AccessService,
    private readonly rateLimits: RateLimits,
    private readonly secondFactors: SecondFactorService,
  ) {}

  /**
   * Every attempt takes a point per client address and per account before the password is
   * checked, so parallel aliases or requests cannot multiply guesses; success gives the
   * account's points back.
   */
  async login(email: string, password: string, client: ClientAddress): Promise<SignIn> {
    const account = normalEmail(email);
    const here = `${account}|${client.limitKey}`;
    const rules = loginRules(this.config.limits);
    await this.rateLimits.consume(rules.perAddress, client.limitKey, 'Too many sign-in attempts from this address');
    await this.rateLimits.consume(rules.perAccountAndAddress, here, 'Too many failed sign-ins for this account from this address');
    // An address the account signed in from is outside the strangers' ceiling: they cannot lock its owner out.
    const known = await this.rateLimits.remembers(rules.knownAddress, here);
    if (!known) await this.rateLimits.consume(rules.newAddressesPerAccount, account, 'Too many failed sign-ins for this account from new addresses');
    const user = await this.db.manager.findOne(User, { where: { email: account } });
    if (!(await verifyPassword(password, user?.passwordHash))) throw unauthenticated('Email or password is wrong');
    await this.rateLimits.reset(rules.perAccountAndAddress, here);
    if (!known) await this.rateLimits.giveBack(rules.newAddressesPerAccount, account);
    await this.rateLimits.remember(rules.knownAddress, here);
    const factors = await this.secondFactors.list(user!.id);
    if (factors.length === 0) return this.session(user!);
    return this.challengeFor(user!, factors);
  }

  /**
   * The second step (SPEC 10): the challenge from `login` and one of a TOTP code, a recovery code
   * or a passkey assertion. Attempts are limited like passwords (SecondFactorService).
   */
  async completeLogin(challenge: string, proof: SecondFactorProof, client: ClientAddress): Promise<SignIn> {
    let userId: string;
    let webauthnChallenge: string | null;
    try {
      const { payload } = await jwtVerify(challenge, this.keyring.sessionKey, { algorithms: ['HS256'], issuer: this.config.sessionIssuer, audience: CHALLENGE_AUDIENCE, currentDate: this.clock.now() });
      if (typeof payload.sub !== 'string') throw new Error('no subject');
      userId = payload.sub;
      webauthnChallenge = typeof payload.wac === 'string' ? payload.wac : null;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The sign-in challenge expired: sign in again');
      throw unauthenticated('The sign-in challenge is not valid: sign in again');
    }
    const user = await this.db.manager.findOne(User, { where: { id: userId } });
    if (!user) throw unauthenticated('The sign-in challenge is not valid: sign in again');
    await this.secondFactors.verifyForSignIn(user, proof, webauthnChallenge, client);
    return this.session(user);
  }

  private async challengeFor(user: User, factors: SecondFactor[]): Promise<SignIn> {
    const now = this.clock.now();
    const webauthnOptions = await this.secondFactors.authenticationOptions(user.id);
    const challenge = await new SignJWT(webauthnOptions ? { wac: webauthnOptions.challenge } : {})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.config.sessionIssuer)
      .setAudience(CHALLENGE_AUDIENCE)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(now.getTime() / 1000) + CHALLENGE_TTL_SECONDS)
      .setJti(randomString(16))
      .sign(this.keyring.sessionKey);
    const kinds = [...new Set(factors.map((f) => f.kind))];
    return { token: null, expiresAt: null, user, mfaRequired: true, challenge, secondFactorKinds: kinds, webauthnOptions: webauthnOptions as unknown as Record<string, unknown> | null };
  }

  private async session(user: User): Promise<SignIn> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(this.config.sessionIssuer)
      .setAudience(this.config.sessionAudience)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .setJti(randomString(16))
      .sign(this.keyring.sessionKey);
    return { token, expiresAt, user, mfaRequired: false, challenge: null, secondFactorKinds: [], webauthnOptions: null };
  }

  /**
   * Resolves `Authorization: Bearer …` to an actor, or null when there is no header. Any token
   * that is present but not valid is refused; API keys are refused by their shape.
   */
  async authenticate(authorization: string | undefined): Promise<Actor | null> {
    if (authorization === undefined || authorization === '') return null;
    const token = bearerCredentials(authorization);
    if (typeof token !== 'string') throw unauthenticated('Authorization must be "Bearer <token>"');
    if (API_KEY_LIKE.test(token)) {
      throw unauthenticated('API keys are not accepted on the management API: sign in, or use a personal access token');
    }
    if (token.startsWith('pat_')) return this.authenticatePersonalAccessToken(token);
    return this.authenticateSession(token);
  }

  private async authenticateSession(token: string): Promise<Actor> {
    let userId: string;
    try {
      const { payload } = await jwtVerify(token, this.keyring.sessionKey, {
        algorithms: ['HS256'],
        issuer: this.config.sessionIssuer,
        audience: this.config.sessionAudience,
        currentDate: this.clock.now(),
      });
      if (typeof payload.sub !== 'string') throw unauthenticated('Session token has no subject');
      userId = payload.sub;
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('Session expired: sign in again');
      throw unauthenticated('Session token is not valid');
    }
    const rows = await this.userRows(userId);
    if (rows.length === 0) throw unauthenticated('The user of this session no longer exists');
    return this.actorFrom(rows, 'session', null, null);
  }

  /**
   * The actor read again as it is now — user, memberships, second factors and, for a personal
   * access token, the token's state and limits — or the error that ends it. Live subscriptions
   * ask this (events/subscriber-access.ts), so they see exactly what a new request would.
   */
  async reloadActor(actor: Actor): Promise<Actor | DomainError> {
    if (actor.via === 'personal_access_token' && actor.tokenId) {
      const rows = await this.tokenRows('t.id = :id', { id: actor.tokenId });
      const refused = this.tokenRefusal(rows[0]);
      return refused ?? this.actorFrom(rows, 'personal_access_token', rows[0]!.t_id!, { organizationId: rows[0]!.t_organization_id ?? null, maxRole: rows[0]!.t_max_role ?? null });
    }
    const rows = await this.userRows(actor.user.id);
    if (rows.length === 0) return unauthenticated('The user of this subscription no longer exists');
    return this.actorFrom(rows, actor.via, actor.tokenId, null);
  }

  private userRows(userId: string): Promise<ActorRow[]> {
    return this.db.manager
      .createQueryBuilder()
      .select(['u.id AS u_id', 'u.email AS u_email', 'u.password_hash AS u_password_hash', 'u.is_platform_admin AS u_is_platform_admin', 'u.created_at AS u_created_at'])
      .addSelect(['m.organization_id AS m_organization_id', 'm.role AS m_role'])
      .addSelect(FACTOR_COUNT, 'u_factor_count')
      .from(User, 'u')
      .leftJoin('memberships', 'm', 'm.user_id = u.id')
      .where('u.id = :userId', { userId })
      .getRawMany<ActorRow>();
  }

  private tokenRows(where: string, params: Record<string, string>): Promise<ActorRow[]> {
    return this.db.manager
      .createQueryBuilder()
      .select(['t.id AS t_id', 't.revoked_at AS t_revoked_at', 't.expires_at AS t_expires_at', 't.last_used_at AS t_last_used_at', 't.organization_id AS t_organization_id', 't.max_role AS t_max_role'])
      .addSelect(['u.id AS u_id', 'u.email AS u_email', 'u.password_hash AS u_password_hash', 'u.is_platform_admin AS u_is_platform_admin', 'u.created_at AS u_created_at'])
      .addSelect(['m.organization_id AS m_organization_id', 'm.role AS m_role'])
      .addSelect(FACTOR_COUNT, 'u_factor_count')
      .from(PersonalAccessToken, 't')
      .innerJoin('users', 'u', 'u.id = t.user_id')
      .leftJoin('memberships', 'm', 'm.user_id = u.id')
      .where(where, params)
      .getRawMany<ActorRow>();
  }

  /** Why a token's row does not authenticate (missing, revoked, expired); null when it does. */
  private tokenRefusal(first: ActorRow | undefined): DomainError | null {
    if (!first || !first.t_id) return unauthenticated('Personal access token is not valid');
    if (first.t_revoked_at) return unauthenticated('Personal access token was revoked');
    if (first.t_expires_at && toDate(first.t_expires_at) <= this.clock.now()) return unauthenticated('Personal access token expired');
    return null;
  }

  private async authenticatePersonalAccessToken(token: string): Promise<Actor> {
    if (!PAT_PATTERN.test(token)) throw unauthenticated('Personal access token is not valid');
    const rows = await this.tokenRows('t.token_hash = :hash', { hash: this.keyring.hashSecret(token) });
    const first = rows[0];
    const now = this.clock.now();
    const refused = this.tokenRefusal(first);
    if (refused) throw refused;
    const row = first!;
    if (!row.t_last_used_at || now.getTime() - toDate(row.t_last_used_at).getTime() > PAT_TOUCH_INTERVAL_MS) {
      await this.db.write((manager) => manager.update(PersonalAccessToken, { id: row.t_id! }, { lastUsedAt: now }));
    }
    return this.actorFrom(rows, 'personal_access_token', row.t_id!, { organizationId: row.t_organization_id ?? null, maxRole: row.t_max_role ?? null });
  }

  private actorFrom(rows: ActorRow[], via: Actor['via'], tokenId: string | null, tokenScope: TokenScope | null): Actor {
    const r = rows[0]!;
    const user = Object.assign(new User(), {
      id: r.u_id,
      email: r.u_email,
      passwordHash: r.u_password_hash,
      isPlatformAdmin: r.u_is_platform_admin === true || Number(r.u_is_platform_admin) === 1,
      createdAt: toDate(r.u_created_at),
    });
    const memberships = new Map<string, MemberRole>();
    for (const row of rows) if (row.m_organization_id && row.m_role) memberships.set(row.m_organization_id, row.m_role);
    return narrowActor({ user, memberships, via, tokenId, hasSecondFactor: Number(r.u_factor_count) > 0, tokenScope });
  }

  /**
   * SPEC 10: least privilege. Optional organization and maximum role; an expiry is required, at
   * most a year ahead. A token limited to an organization or role cannot make other tokens (it
   * could otherwise mint one without its limits).
   */
  async createPersonalAccessToken(
    actor: Actor,
    input: { name: string; organizationId?: string | null; maxRole?: MemberRole | null; expiresAt?: Date | null; expiresInDays?: number | null },
  ): Promise<{ token: string; personalAccessToken: PersonalAccessToken }> {
    if (isNarrowed(actor.tokenScope)) throw forbidden('A personal access token limited to an organization or role cannot create tokens');
    const now = this.clock.now();
    const expiresAt = this.patExpiry(now, input);
    if (input.organizationId) await this.access.require(this.db.manager, actor, input.organizationId, Permission.READ);
    const token = `pat_${randomString(40)}`;
    const row = this.db.manager.create(PersonalAccessToken, {
      id: newId('tok', now.getTime()),
      userId: actor.user.id,
      name: input.name,
      organizationId: input.organizationId ?? null,
      maxRole: input.maxRole ?? null,
      tokenPrefix: token.slice(0, 12),
      tokenHash: this.keyring.hashSecret(token),
      createdAt: now,
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    await this.db.transaction(async (manager) => {
      await manager.insert(PersonalAccessToken, row);
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: null, type: 'personal_access_token.created', subjectType: 'personal_access_token', subjectId: row.id, data: { name: row.name, tokenPrefix: row.tokenPrefix, organizationId: row.organizationId, maxRole: row.maxRole, expiresAt: expiresAt.toISOString() } });
    });
    return { token, personalAccessToken: row };
  }

  private patExpiry(now: Date, input: { expiresAt?: Date | null; expiresInDays?: number | null }): Date {
    const hasAt = input.expiresAt !== undefined && input.expiresAt !== null;
    const hasDays = input.expiresInDays !== undefined && input.expiresInDays !== null;
    if (hasAt === hasDays) throw badInput('input.expiresAt', 'give exactly one of expiresAt and expiresInDays');
    const expiresAt = hasAt ? input.expiresAt! : new Date(now.getTime() + input.expiresInDays! * DAY_MS);
    const field = hasAt ? 'input.expiresAt' : 'input.expiresInDays';
    if (expiresAt.getTime() <= now.getTime()) throw badInput(field, 'must be in the future');
    if (expiresAt.getTime() > now.getTime() + PAT_MAX_DAYS * DAY_MS) throw badInput(field, `must be at most ${PAT_MAX_DAYS} days ahead`);
    return expiresAt;
  }

  async personalAccessTokens(actor: Actor): Promise<PersonalAccessToken[]> {
    // A limited token sees only itself: its owner's other tokens are none of its business.
    if (isNarrowed(actor.tokenScope)) return this.db.manager.find(PersonalAccessToken, { where: { id: actor.tokenId!, userId: actor.user.id } });
    return this.db.manager.find(PersonalAccessToken, { where: { userId: actor.user.id }, order: { id: 'DESC' } });
  }

  async revokePersonalAccessToken(actor: Actor, id: string): Promise<PersonalAccessToken> {
    return this.db.transaction(async (manager) => {
      const row = await manager.findOne(PersonalAccessToken, { where: { id, userId: actor.user.id }, ...this.db.lockMode });
      // A limited token may revoke itself, never its owner's other tokens.
      if (!row || (isNarrowed(actor.tokenScope) && id !== actor.tokenId)) throw new DomainError(ErrorCode.NOT_FOUND, 'Personal access token not found');
      if (row.revokedAt) throw new DomainError(ErrorCode.ALREADY_REVOKED, 'Personal access token is already revoked');
      const now = this.clock.now();
      row.revokedAt = now;
      await manager.update(PersonalAccessToken, { id }, { revokedAt: now });
      await recordEvent(manager, auditActorOf(actor), now, { organizationId: null, type: 'personal_access_token.revoked', subjectType: 'personal_access_token', subjectId: id, data: { userId: actor.user.id } });
      return row;
    });
  }

  async createUser(actor: Actor | null, input: { email: string; password: string; isPlatformAdmin?: boolean | null }): Promise<User> {
    if (actor) this.access.requirePlatformAdmin(actor);
    const now = this.clock.now();
    const user = this.db.manager.create(User, {
      id: newId('usr', now.getTime()),
      email: normalEmail(input.email),
      passwordHash: await hashPassword(input.password),
      isPlatformAdmin: input.isPlatformAdmin ?? false,
      createdAt: now,
    });
    try {
      await this.db.transaction(async (manager) => {
        await manager.insert(User, user);
        await recordEvent(manager, actor ? auditActorOf(actor) : { type: 'system', id: null }, now, { organizationId: null, type: 'user.created', subjectType: 'user', subjectId: user.id, data: { email: user.email, isPlatformAdmin: user.isPlatformAdmin } });
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A pending user (added as a member before the account existed) is completed, not refused.
      const completed = await this.completePendingUser(actor, user, now);
      if (!completed) throw new DomainError(ErrorCode.CONFLICT, 'A user with this email already exists', { fields: [{ field: 'email', message: 'is taken' }] });
      return completed;
    }
    return user;
  }

  private async completePendingUser(actor: Actor | null, user: User, now: Date): Promise<User | null> {
    return this.db.transaction(async (manager) => {
      const updated = await manager.update(User, { email: user.email, passwordHash: PENDING_PASSWORD_HASH }, { passwordHash: user.passwordHash, isPlatformAdmin: user.isPlatformAdmin });
      if (!updated.affected) return null;
      const pending = await manager.findOneOrFail(User, { where: { email: user.email } });
      await recordEvent(manager, actor ? auditActorOf(actor) : { type: 'system', id: null }, now, { organizationId: null, type: 'user.created', subjectType: 'user', subjectId: pending.id, data: { email: pending.email, isPlatformAdmin: pending.isPlatformAdmin } });
      return pending;
    });
  }

  /** First start on an empty database: create the platform admin. Returns the password when it was generated. */
  async ensurePlatformAdmin(): Promise<{ created: boolean; email: string; generatedPassword: string | null }> {
    const email = this.config.adminEmail;
    if ((await this.db.manager.count(User)) > 0) return { created: false, email, generatedPassword: null };
    const generatedPassword = this.config.adminPassword ? null : randomString(20);
    await this.createUser(null, { email, password: this.config.adminPassword ?? generatedPassword!, isPlatformAdmin: true });
    return { created: true, email, generatedPassword };
  }
}
