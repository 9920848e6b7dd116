import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { EntityManager, In, IsNull, Not } from 'typeorm';
import { Clock } from '../clock';
import { Config } from '../config';
import { Database } from '../database/database';
import { badInput, DomainError, ErrorCode, forbidden, notFound } from '../errors';
import { recordEvent } from '../events/audit';
import { ClientAddress } from '../shared/client-address';
import { KeyRing } from '../shared/keyring';
import { passwordCheckRule, RateLimits, secondFactorRules } from '../shared/rate-limits';
import { newId, randomString } from '../shared/random';
import { auditActorOf } from '../events/audit';
import { Actor } from './actor';
import { verifyPassword } from './passwords';
import { RecoveryCode, SecondFactor, SecondFactorKind } from './second-factor.entity';
import { isNarrowed } from './token-scope';
import { matchTotp, newTotpSecret, otpauthUri } from './totp';
import { User } from './user.entity';

export const RECOVERY_CODE_COUNT = 10;
/** An enrolment not finished within this time is void. */
const ENROLMENT_TTL_MS = 10 * 60_000;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** What the second step of a sign-in offers; exactly one field is used. */
export interface SecondFactorProof {
  readonly code?: string | null;
  readonly recoveryCode?: string | null;
  readonly webauthnResponse?: Record<string, unknown> | null;
}

const wrongProof = (): DomainError => new DomainError(ErrorCode.UNAUTHENTICATED, 'The second factor is not right');
const base64url = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
/** Recovery codes are typed by people: case, spaces and dashes do not matter. */
const normalizeRecoveryCode = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Second factors (SPEC 10): TOTP with recovery codes, and passkeys. Adding or removing a factor
 * needs the password again (a stolen session alone cannot change them), and every change is an
 * audit event on the user, announced to them (subscription `securityEventAdded`).
 */
export class SecondFactorService {
  constructor(
    private readonly db: Database,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly rateLimits: RateLimits,
  ) {}

  /** The user's confirmed factors, oldest first. */
  list(userId: string): Promise<SecondFactor[]> {
    return this.db.manager.find(SecondFactor, { where: { userId, confirmedAt: Not(IsNull()) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async startTotpEnrollment(actor: Actor, password: string): Promise<{ secret: string; otpauthUri: string }> {
    await this.requireFreshPassword(actor, password);
    const now = this.clock.now();
    const secret = newTotpSecret();
    const id = newId('mfa', now.getTime());
    await this.db.transaction(async (manager) => {
      const existing = await manager.count(SecondFactor, { where: { userId: actor.user.id, kind: SecondFactorKind.TOTP, confirmedAt: Not(IsNull()) } });
      if (existing > 0) throw new DomainError(ErrorCode.CONFLICT, 'An authenticator app is already enrolled: remove it first (removeSecondFactor)');
      await this.dropPending(manager, actor.user.id, SecondFactorKind.TOTP);
      await manager.insert(SecondFactor, this.row(id, actor.user.id, SecondFactorKind.TOTP, now, { secretSealed: this.keyring.encrypt(secret, `second-factor:${id}`) }));
    });
    return { secret, otpauthUri: otpauthUri(secret, actor.user.email, this.config.webauthn.rpName) };
  }

  async confirmTotpEnrollment(actor: Actor, code: string): Promise<{ recoveryCodes: string[]; secondFactor: SecondFactor }> {
    this.requireWholeActor(actor);
    const now = this.clock.now();
    const pending = await this.db.manager.findOne(SecondFactor, { where: { userId: actor.user.id, kind: SecondFactorKind.TOTP, confirmedAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!pending || now.getTime() - pending.createdAt.getTime() > ENROLMENT_TTL_MS) throw notFound('TOTP enrolment (start again with startTotpEnrollment)');
    const step = await this.guarded(actor.user.id, async () => matchTotp(this.secretOf(pending), code.trim(), now, null));
    if (step === null) throw badInput('code', 'is not the current code of the authenticator app');
    return this.db.transaction(async (manager) => {
      const confirmed = await manager.update(SecondFactor, { id: pending.id, confirmedAt: IsNull() }, { confirmedAt: now, lastUsedStep: step });
      if (!confirmed.affected) throw notFound('TOTP enrolment (start again with startTotpEnrollment)');
      Object.assign(pending, { confirmedAt: now, lastUsedStep: step });
      const recoveryCodes = await this.issueRecoveryCodes(manager, actor.user.id, now);
      await this.audit(manager, actor, now, 'second_factor.added', { secondFactorId: pending.id, kind: pending.kind, recoveryCodesIssued: recoveryCodes.length });
      return { recoveryCodes, secondFactor: pending };
    });
  }

  async startPasskeyEnrollment(actor: Actor, password: string): Promise<Record<string, unknown>> {
    await this.requireFreshPassword(actor, password);
    const now = this.clock.now();
    const existing = await this.list(actor.user.id);
    const options = await generateRegistrationOptions({
      rpName: this.config.webauthn.rpName,
      rpID: this.config.webauthn.rpId,
      userName: actor.user.email,
      userID: new Uint8Array(Buffer.from(actor.user.id, 'utf8')),
      attestationType: 'none',
      excludeCredentials: existing.filter((f) => f.credentialId).map((f) => ({ id: f.credentialId!, transports: this.transportsOf(f) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.db.transaction(async (manager) => {
      await this.dropPending(manager, actor.user.id, SecondFactorKind.PASSKEY);
      await manager.insert(SecondFactor, this.row(newId('mfa', now.getTime()), actor.user.id, SecondFactorKind.PASSKEY, now, { pendingChallenge: options.challenge }));
    });
    return options as unknown as Record<string, unknown>;
  }

  async finishPasskeyEnrollment(actor: Actor, response: Record<string, unknown>): Promise<{ secondFactor: SecondFactor; recoveryCodes: string[] }> {
    this.requireWholeActor(actor);
    const now = this.clock.now();
    const pending = await this.db.manager.findOne(SecondFactor, { where: { userId: actor.user.id, kind: SecondFactorKind.PASSKEY, confirmedAt: IsNull() }, order: { createdAt: 'DESC' } });
    if (!pending?.pendingChallenge || now.getTime() - pending.createdAt.getTime() > ENROLMENT_TTL_MS) throw notFound('Passkey enrolment (start again with startPasskeyEnrollment)');
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: pending.pendingChallenge,
        expectedOrigin: [...this.config.webauthn.origins],
        expectedRPID: this.config.webauthn.rpId,
        requireUserVerification: false,
      });
    } catch (error) {
      throw badInput('response', `is not a valid passkey registration: ${(error as Error).message}`);
    }
    if (!verified.verified || !verified.registrationInfo) throw badInput('response', 'is not a valid passkey registration');
    const { credential } = verified.registrationInfo;
    // The library checks the signature, not the shape of what the browser claims around it:
    // the id and transports are the client's words, stored in 255-character columns.
    if (credential.id.length > 255) throw badInput('response', 'has a credential id longer than 255 characters');
    const transports = storedTransports(credential.transports as unknown);
    return this.db.transaction(async (manager) => {
      if (await manager.count(SecondFactor, { where: { credentialId: credential.id } })) throw new DomainError(ErrorCode.CONFLICT, 'This passkey is already registered');
      const changes = { credentialId: credential.id, publicKey: base64url(credential.publicKey), signCount: credential.counter, transports, pendingChallenge: null, confirmedAt: now };
      const done = await manager.update(SecondFactor, { id: pending.id, confirmedAt: IsNull() }, changes);
      if (!done.affected) throw notFound('Passkey enrolment (start again with startPasskeyEnrollment)');
      Object.assign(pending, changes);
      const unused = await manager.count(RecoveryCode, { where: { userId: actor.user.id, usedAt: IsNull() } });
      const recoveryCodes = unused === 0 ? await this.issueRecoveryCodes(manager, actor.user.id, now) : [];
      await this.audit(manager, actor, now, 'second_factor.added', { secondFactorId: pending.id, kind: pending.kind, recoveryCodesIssued: recoveryCodes.length });
      return { secondFactor: pending, recoveryCodes };
    });
  }

  async remove(actor: Actor, id: string, password: string): Promise<SecondFactor> {
    await this.requireFreshPassword(actor, password);
    const now = this.clock.now();
    return this.db.transaction(async (manager) => {
      const factor = await manager.findOne(SecondFactor, { where: { id, userId: actor.user.id, confirmedAt: Not(IsNull()) }, ...this.db.lockMode });
      if (!factor) throw notFound('Second factor');
      await manager.delete(SecondFactor, { id });
      const left = await manager.count(SecondFactor, { where: { userId: actor.user.id, confirmedAt: Not(IsNull()) } });
      // Recovery codes stand in for a factor: with none left they would be a factor of their own.
      if (left === 0) await manager.delete(RecoveryCode, { userId: actor.user.id });
      await this.audit(manager, actor, now, 'second_factor.removed', { secondFactorId: id, kind: factor.kind, remaining: left });
      return factor;
    });
  }

  /** Passkey options for the second step of a sign-in, or null when the user has no passkey. */
  async authenticationOptions(userId: string): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
    const passkeys = (await this.list(userId)).filter((f) => f.kind === SecondFactorKind.PASSKEY && f.credentialId);
    if (passkeys.length === 0) return null;
    return generateAuthenticationOptions({
      rpID: this.config.webauthn.rpId,
      allowCredentials: passkeys.map((f) => ({ id: f.credentialId!, transports: this.transportsOf(f) })),
      userVerification: 'preferred',
    });
  }

  /**
   * Checks the second step of a sign-in. Every attempt takes a point per address and per account
   * first (SPEC 10: limits like those on passwords); a right answer gives the account's back.
   * A TOTP step and a recovery code are each spent by a conditional update, so two concurrent
   * sign-ins cannot both use the same one.
   */
  async verifyForSignIn(user: User, proof: SecondFactorProof, webauthnChallenge: string | null, client: ClientAddress): Promise<void> {
    const given = [proof.code, proof.recoveryCode, proof.webauthnResponse].filter((p) => p !== undefined && p !== null).length;
    if (given !== 1) throw badInput('completeLogin', 'send exactly one of code, recoveryCode, webauthnResponse');
    const rules = secondFactorRules(this.config.limits);
    await this.rateLimits.consume(rules.perAddress, client.limitKey, 'Too many second-factor attempts from this address');
    const now = this.clock.now();
    const used = await this.guarded(user.id, async () => ((await this.spend(user, proof, webauthnChallenge, now)) ? true : null));
    if (!used) throw wrongProof();
  }

  private async spend(user: User, proof: SecondFactorProof, webauthnChallenge: string | null, now: Date): Promise<boolean> {
    const manager = this.db.manager;
    if (typeof proof.code === 'string') {
      for (const factor of (await this.list(user.id)).filter((f) => f.kind === SecondFactorKind.TOTP)) {
        const step = matchTotp(this.secretOf(factor), proof.code.trim(), now, factor.lastUsedStep);
        if (step === null) continue;
        // Written through db.write: on SQLite db.manager is the read-only connection.
        const spent = await this.db.write((writer) =>
          writer
            .createQueryBuilder()
            .update(SecondFactor)
            .set({ lastUsedStep: step, lastUsedAt: now })
            .where('id = :id AND (last_used_step IS NULL OR last_used_step < :step)', { id: factor.id, step })
            .execute(),
        );
        if (spent.affected) return true;
      }
      return false;
    }
    if (typeof proof.recoveryCode === 'string') {
      const hash = this.keyring.hashSecret(`recovery:${user.id}:${normalizeRecoveryCode(proof.recoveryCode)}`);
      return this.db.transaction(async (tx) => {
        const spent = await tx.update(RecoveryCode, { userId: user.id, codeHash: hash, usedAt: IsNull() }, { usedAt: now });
        if (!spent.affected) return false;
        const left = await tx.count(RecoveryCode, { where: { userId: user.id, usedAt: IsNull() } });
        await recordEvent(tx, { type: 'user', id: user.id }, now, { organizationId: null, type: 'second_factor.recovery_code_used', subjectType: 'user', subjectId: user.id, data: { userId: user.id, recoveryCodesLeft: left } });
        return true;
      });
    }
    if (proof.webauthnResponse && webauthnChallenge) {
      const response = proof.webauthnResponse as unknown as AuthenticationResponseJSON;
      if (typeof response.id !== 'string') return false;
      const factor = await manager.findOne(SecondFactor, { where: { userId: user.id, kind: SecondFactorKind.PASSKEY, credentialId: response.id, confirmedAt: Not(IsNull()) } });
      if (!factor?.publicKey) return false;
      try {
        const result = await verifyAuthenticationResponse({
          response,
          expectedChallenge: webauthnChallenge,
          expectedOrigin: [...this.config.webauthn.origins],
          expectedRPID: this.config.webauthn.rpId,
          credential: { id: factor.credentialId!, publicKey: new Uint8Array(Buffer.from(factor.publicKey, 'base64url')), counter: factor.signCount, transports: this.transportsOf(factor) },
          requireUserVerification: false,
        });
        if (!result.verified) return false;
        await this.db.write((writer) => writer.update(SecondFactor, { id: factor.id }, { signCount: result.authenticationInfo.newCounter, lastUsedAt: now }));
        return true;
      } catch {
        return false;
      }
    }
    return false;
  }

  /** Enrolment and removal need the password again, from a caller holding all of the user's rights. */
  private async requireFreshPassword(actor: Actor, password: string): Promise<void> {
    this.requireWholeActor(actor);
    const rule = passwordCheckRule(this.config.limits);
    await this.rateLimits.consume(rule, actor.user.id, 'Too many failed password checks for this account');
    const user = await this.db.manager.findOne(User, { where: { id: actor.user.id } });
    if (!(await verifyPassword(password, user?.passwordHash))) throw badInput('password', 'is not your current password');
    await this.rateLimits.reset(rule, actor.user.id);
  }

  /** A token limited to an organization or a role cannot change how its owner signs in. */
  private requireWholeActor(actor: Actor): void {
    if (isNarrowed(actor.tokenScope)) throw forbidden('A personal access token limited to an organization or role cannot change second factors');
  }

  private async guarded<T>(userId: string, attempt: () => Promise<T | null>): Promise<T | null> {
    const rule = secondFactorRules(this.config.limits).perAccount;
    await this.rateLimits.consume(rule, userId, 'Too many wrong second factors for this account');
    const result = await attempt();
    if (result !== null) await this.rateLimits.reset(rule, userId);
    return result;
  }

  private async issueRecoveryCodes(manager: EntityManager, userId: string, now: Date): Promise<string[]> {
    await manager.delete(RecoveryCode, { userId });
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      const raw = randomString(10, RECOVERY_ALPHABET);
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await manager.insert(
      RecoveryCode,
      codes.map((code) => ({ id: newId('rcv', now.getTime()), userId, codeHash: this.keyring.hashSecret(`recovery:${userId}:${normalizeRecoveryCode(code)}`), usedAt: null, createdAt: now })),
    );
    return codes;
  }

  private async dropPending(manager: EntityManager, userId: string, kind: SecondFactorKind): Promise<void> {
    const pending = await manager.find(SecondFactor, { select: { id: true }, where: { userId, kind, confirmedAt: IsNull() } });
    if (pending.length) await manager.delete(SecondFactor, { id: In(pending.map((p) => p.id)) });
  }

  private row(id: string, userId: string, kind: SecondFactorKind, now: Date, fields: Partial<SecondFactor>): SecondFactor {
    return Object.assign(new SecondFactor(), {
      id,
      userId,
      kind,
      secretSealed: null,
      lastUsedStep: null,
      credentialId: null,
      publicKey: null,
      signCount: 0,
      transports: null,
      pendingChallenge: null,
      confirmedAt: null,
      createdAt: now,
      lastUsedAt: null,
      ...fields,
    });
  }

  private secretOf(factor: SecondFactor): string {
    return this.keyring.decrypt(factor.secretSealed!, `second-factor:${factor.id}`);
  }

  private transportsOf(factor: SecondFactor): AuthenticatorTransport[] | undefined {
    return factor.transports ? (factor.transports.split(',') as AuthenticatorTransport[]) : undefined;
  }

  private audit(manager: EntityManager, actor: Actor, now: Date, type: 'second_factor.added' | 'second_factor.removed', data: Record<string, unknown>): Promise<unknown> {
    return recordEvent(manager, auditActorOf(actor), now, { organizationId: null, type, subjectType: 'user', subjectId: actor.user.id, data: { userId: actor.user.id, ...data } });
  }
}

/** WebAuthn transport names (`usb`, `hybrid`, …) as stored: only short lowercase names, at most 8; null for none. */
export function storedTransports(claimed: unknown): string | null {
  if (!Array.isArray(claimed)) return null;
  const names = [...new Set(claimed.filter((name): name is string => typeof name === 'string' && /^[a-z-]{1,16}$/.test(name)))].slice(0, 8);
  return names.length ? names.join(',') : null;
}
