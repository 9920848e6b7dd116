import { createPublicKey, KeyObject, verify } from 'node:crypto';

/** GitHub's published document: `{ public_keys: [{ key_identifier, key (PEM), is_current }] }`. */
interface PublishedKeys {
  readonly public_keys?: ReadonlyArray<{ readonly key_identifier?: unknown; readonly key?: unknown }>;
}

/** How often, at most, an unknown key id makes us fetch the document again. */
export const REFETCH_INTERVAL_MS = 60_000;

/**
 * Checks a secret scanning request's signature: ECDSA P-256 over SHA-256 of the raw body, DER
 * encoded, base64 in GITHUB-PUBLIC-KEY-SIGNATURE (GitHub's partner program).
 */
export function verifyGithubSignature(body: Buffer, signatureBase64: string, key: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64) || signatureBase64.length > 256) return false;
  try {
    return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}

/** Parses the published document into key objects by identifier; bad entries are skipped. */
export function parsePublishedKeys(text: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const document = JSON.parse(text) as PublishedKeys;
  for (const entry of document.public_keys ?? []) {
    if (typeof entry.key_identifier !== 'string' || typeof entry.key !== 'string') continue;
    try {
      const key = createPublicKey(entry.key);
      if (key.asymmetricKeyType === 'ec') keys.set(entry.key_identifier, key);
    } catch {
      // not a public key: skip it
    }
  }
  return keys;
}

/**
 * GitHub's secret scanning public keys, fetched from one configured URL, cached, and fetched again
 * when a request names a key id we do not know — at most once a minute, so unsigned floods cannot
 * make us hammer the document (or anything else).
 */
export class GithubPublicKeys {
  private keys = new Map<string, KeyObject>();
  private lastFetch = Number.NEGATIVE_INFINITY;
  private fetching: Promise<void> | null = null;

  constructor(
    private readonly fetchDocument: () => Promise<string>,
    private readonly monotonicNow: () => number = () => performance.now(),
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async keyFor(identifier: string): Promise<KeyObject | null> {
    const known = this.keys.get(identifier);
    if (known) return known;
    if (this.monotonicNow() - this.lastFetch < REFETCH_INTERVAL_MS) {
      if (this.fetching) await this.fetching;
      return this.keys.get(identifier) ?? null;
    }
    this.lastFetch = this.monotonicNow();
    this.fetching ??= this.refresh().finally(() => {
      this.fetching = null;
    });
    await this.fetching;
    return this.keys.get(identifier) ?? null;
  }

  private async refresh(): Promise<void> {
    try {
      const fetched = parsePublishedKeys(await this.fetchDocument());
      if (fetched.size > 0) this.keys = fetched;
    } catch (error) {
      // Keep the keys we have; the next unknown id after the interval tries again.
      this.onError(error);
    }
  }
}
