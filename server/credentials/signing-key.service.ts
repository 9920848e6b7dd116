import { createLocalJWKSet, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, JWK, JWTVerifyGetKey } from 'jose';
import { KeyObject } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { AccessService } from '../auth/access.service';
import { Actor } from '../auth/actor';
import { Clock } from '../clock';
import { Database } from '../database/database';
import { AuditActor, auditActorOf, recordEvent, SYSTEM_ACTOR } from '../events/audit';
import { KeyRing } from '../shared/keyring';
import { newId } from '../shared/random';
import { ACCESS_TOKEN_TYPE, Es256Jws } from './jws';
import { Verifier } from './verifier';
import { SigningKey, SigningKeyStatus } from './signing-key.entity';

export const SIGNING_ALGORITHM = 'ES256';
const LOCK_NAME = 'keyward_signing_keys';
const RELOAD_INTERVAL_MS = 60_000;

export interface Signer {
  readonly kid: string;
  /** Mints access tokens under this key: the header (alg, typ, kid) is encoded once, at load. */
  readonly accessTokens: Es256Jws;
}

export interface SigningKeyLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

const sealContext = (kid: string): string => `signing-key:${kid}`;

/**
 * The ES256 key pairs behind access tokens. The first start creates one; `rotate` makes a new
 * CURRENT key, keeps the old one as PREVIOUS (still in the JWKS, so tokens it signed verify until
 * they expire) and retires the one before. Every instance reloads on a rotation made elsewhere
 * (through the invalidation bus) and once a minute anyway.
 */
export class SigningKeyService {
  private signer: Signer | null = null;
  private published: JWK[] = [];
  private jwks: { keys: JWK[] } = { keys: [] };
  private keySet: JWTVerifyGetKey = createLocalJWKSet({ keys: [] });
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly keyring: KeyRing,
    private readonly clock: Clock,
    private readonly access: AccessService,
    private readonly verifier: Verifier,
    private readonly logger: SigningKeyLogger,
  ) {}

  async start(): Promise<void> {
    await this.ensureCurrent();
    await this.load();
    this.verifier.onInvalidation((message) => {
      if (message.kind === 'signing-keys' || message.kind === 'all') void this.reload();
    });
    this.timer = setInterval(() => void this.reload(), RELOAD_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The key that signs new tokens. */
  current(): Signer {
    if (!this.signer) throw new Error('signing keys are not loaded: SigningKeyService.start() was not called');
    return this.signer;
  }

  /** The public keys served at /.well-known/jwks.json: current and previous. */
  publicKeys(): { keys: JWK[] } {
    return this.jwks;
  }

  /** A key resolver for jose's jwtVerify over the published keys. */
  verificationKeys(): JWTVerifyGetKey {
    return this.keySet;
  }

  /** Platform admins only. Returns the new key's kid. */
  async rotate(actor: Actor): Promise<string> {
    this.access.requirePlatformAdmin(actor);
    const kid = await this.withLock((manager) => this.createKey(manager, auditActorOf(actor), true));
    // Other instances hear of it from the commit (its signing_key event): see Verifier.applyCommitted.
    await this.load();
    return kid;
  }

  private async reload(): Promise<void> {
    try {
      await this.load();
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not reload signing keys; keeping the loaded ones');
    }
  }

  private async ensureCurrent(): Promise<void> {
    await this.withLock(async (manager) => {
      const existing = await manager.count(SigningKey, { where: { status: SigningKeyStatus.CURRENT } });
      if (existing === 0) await this.createKey(manager, SYSTEM_ACTOR, false);
    });
  }

  private async createKey(manager: EntityManager, actor: AuditActor, rotation: boolean): Promise<string> {
    const now = this.clock.now();
    const kid = newId('sgk', now.getTime());
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' };
    const previous = await manager.find(SigningKey, { where: { status: In([SigningKeyStatus.CURRENT, SigningKeyStatus.PREVIOUS]) } });
    for (const key of previous) {
      const status = key.status === SigningKeyStatus.CURRENT ? SigningKeyStatus.PREVIOUS : SigningKeyStatus.RETIRED;
      await manager.update(SigningKey, { id: key.id }, { status, retiredAt: key.retiredAt ?? now });
    }
    await manager.insert(SigningKey, {
      id: kid,
      algorithm: SIGNING_ALGORITHM,
      status: SigningKeyStatus.CURRENT,
      publicJwk: JSON.stringify(publicJwk),
      privateKey: this.keyring.encrypt(await exportPKCS8(privateKey), sealContext(kid)),
      createdAt: now,
      retiredAt: null,
    });
    await recordEvent(manager, actor, now, {
      organizationId: null,
      type: rotation ? 'signing_key.rotated' : 'signing_key.created',
      subjectType: 'signing_key',
      subjectId: kid,
      data: { algorithm: SIGNING_ALGORITHM, previousKid: previous.find((k) => k.status === SigningKeyStatus.CURRENT)?.id ?? null },
    });
    return kid;
  }

  private async load(): Promise<void> {
    const rows = await this.db.manager.find(SigningKey, { where: { status: In([SigningKeyStatus.CURRENT, SigningKeyStatus.PREVIOUS]) }, order: { id: 'DESC' } });
    const current = rows.find((r) => r.status === SigningKeyStatus.CURRENT);
    if (!current) throw new Error('no CURRENT signing key in the database');
    if (this.signer?.kid !== current.id) {
      const pem = this.keyring.decrypt(current.privateKey, sealContext(current.id));
      const privateKey = (await importPKCS8(pem, SIGNING_ALGORITHM)) as KeyObject;
      this.signer = { kid: current.id, accessTokens: new Es256Jws({ alg: SIGNING_ALGORITHM, typ: ACCESS_TOKEN_TYPE, kid: current.id }, privateKey) };
    }
    this.published = rows.map((r) => JSON.parse(r.publicJwk) as JWK);
    this.jwks = { keys: this.published };
    this.keySet = createLocalJWKSet(this.jwks);
  }

  /**
   * Creation and rotation run one at a time across instances: on MySQL under a named lock taken
   * before the transaction starts and released after it commits (so the next holder sees the
   * committed keys); SQLite has a single writer.
   */
  private async withLock<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.db.dialect !== 'mysql') return this.db.transaction(work);
    const runner = this.db.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query('SELECT GET_LOCK(?, 10) AS acquired', [LOCK_NAME])) as Array<{ acquired: number | string | null }>;
      if (Number(row?.acquired) !== 1) throw new Error('timed out waiting for the signing key lock');
      try {
        await runner.startTransaction();
        try {
          const result = await work(runner.manager);
          await runner.commitTransaction();
          return result;
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
      } finally {
        await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
      }
    } finally {
      await runner.release();
    }
  }
}
