/**
 * npm run bench:cache-memory — what a million cached credentials cost in memory (issue #19).
 *
 * Fills verify's CredentialCache the way a server answering every key once would: each entry is a
 * credential built by `credentialFromRow` from a row shaped like the verify lookup's (distinct key,
 * secret and hash; 50 applications, four scope lists, some webhook URLs, destinations, metadata and
 * expiries), stored under its secret's HMAC, with the answer verify keeps for it (the VALID result
 * and its JSON text, held by the verifier's `Answers` and `jsonOf`). Reports heap and RSS after a
 * full GC, before and after, per entry, and what one full collection costs with them live (V8 marks
 * every entry in each major collection). No database and no load: it measures what the entries
 * hold, not the garbage a loaded server carries between collections (bench:scale's verify part
 * measures that, at the sizes its bulk load reaches).
 *
 *   npm run bench:cache-memory                    (1,000,000 entries; about a minute)
 *   CACHE_ENTRIES=200000 npm run bench:cache-memory
 */
import { randomBytes } from 'node:crypto';
import { cacheIndexOf, CredentialCache } from '../server/credentials/credential-cache';
import { Answers, jsonOf, VerifyCode } from '../server/credentials/credential';
import { credentialFromRow } from '../server/credentials/credential-store';

const ENTRIES = Number(process.env.CACHE_ENTRIES ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:cache-memory does)');

const MB = 1024 * 1024;
function settled(): { heap: number; rss: number } {
  for (let i = 0; i < 3; i += 1) gc!();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, rss: usage.rss };
}

/**
 * A time-ordered id like the ones Keyward makes (prefix + ULID-like text), as a flat string decoded
 * from bytes the way mysql2 hands column values over (a template literal would be a rope of parts).
 */
const flat = (text: string) => Buffer.from(text, 'latin1').toString('latin1');
const idOf = (prefix: string, i: number) => flat(`${prefix}_${(0x1_0000_0000_0000 + i).toString(36).toUpperCase().padStart(12, '0')}${randomBytes(7).toString('hex').slice(0, 14).toUpperCase()}`);

const SCOPES = ['["payments:read","payments:write"]', '["payments:read"]', '["payments:write","refunds:write","payouts:read"]', '[]'];
const applications = Array.from({ length: 50 }, (_, i) => idOf('app', i));
const organizationId = idOf('org', 0);

function main(): void {
  const before = settled();
  const cache = new CredentialCache({ maxEntries: ENTRIES + 1, maxAgeMs: 3_600_000 });
  // What the verifier keeps per credential besides the cache: its answer and the answer's JSON.
  const answers = new Answers();
  const started = Date.now();
  for (let i = 0; i < ENTRIES; i += 1) {
    const credential = credentialFromRow({
      secret_id: idOf('sec', i),
      secret_status: 'ACTIVE',
      secret_expires_at: null,
      key_id: idOf('key', i),
      organization_id: organizationId,
      application_id: applications[i % applications.length]!,
      environment: i % 4 === 0 ? 'test' : 'live',
      kind: 'PERMANENT',
      status: 'ACTIVE',
      scopes: SCOPES[i % SCOPES.length]!,
      expires_at: i % 10 === 0 ? new Date(Date.now() + 86_400_000) : null,
      webhook_url: i % 3 === 0 ? flat(`https://merchant-${i}.example.com/keyward/hooks`) : null,
      destination: i % 3 === 1 ? idOf('acct', i) : null,
      metadata: i % 5 === 0 ? flat(`{"merchant":"m_${i}","plan":"pro"}`) : null,
      application_enabled: 1,
      token_ttl_seconds: 3600,
    });
    cache.set(cacheIndexOf(`sk_live_${i}`), credential, cache.generation);
    // Answered twice, as a key in use is: the first answer of a credential passes, the second is kept.
    jsonOf(answers.of(credential, VerifyCode.VALID));
    jsonOf(answers.of(credential, VerifyCode.VALID));
  }
  const fillMs = Date.now() - started;
  const after = settled();
  // What a major collection costs with the entries live: V8 marks every one of them each time.
  const fullGcMs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const gcStarted = performance.now();
    gc!();
    fullGcMs.push(performance.now() - gcStarted);
  }
  fullGcMs.sort((a, b) => a - b);
  if (cache.size !== ENTRIES) throw new Error(`the cache holds ${cache.size} entries, not ${ENTRIES}`);
  const perEntry = (bytes: number) => Math.round(bytes / ENTRIES);
  console.log(`${ENTRIES.toLocaleString('en-US')} cached credentials (filled in ${(fillMs / 1000).toFixed(1)} s), node ${process.version}`);
  console.log(`heap used: ${(before.heap / MB).toFixed(0)} MB -> ${(after.heap / MB).toFixed(0)} MB: ${perEntry(after.heap - before.heap)} bytes per entry`);
  console.log(`RSS:       ${(before.rss / MB).toFixed(0)} MB -> ${(after.rss / MB).toFixed(0)} MB: ${perEntry(after.rss - before.rss)} bytes per entry`);
  console.log(`a full collection: ${fullGcMs[2]!.toFixed(0)} ms (median of 5; ${fullGcMs.map((ms) => ms.toFixed(0)).join(' ')})`);
  // Keep everything reachable until measured.
  if (answers.of === undefined) console.log('');
}

main();
