import { Agent, request } from 'node:http';
import { testDialects } from '../helpers/databases';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const describeMysql = testDialects().includes('mysql') ? describe : describe.skip;
const CONNECTIONS_PER_INSTANCE = 50;

/**
 * SPEC 7 across instances: three servers sharing one MySQL database and Redis, each hammered by 50
 * concurrent connections. Credits are never overspent (exactly the balance is VALID); a rate limit
 * admits at most 10 % over its value per window.
 */
describeMysql('usage governance: three instances sharing MySQL and Redis', () => {
  const instances: TestServer[] = [];
  let agent: Agent;
  beforeAll(async () => {
    const first = await startTestServer('mysql', { REDIS_URL });
    instances.push(first);
    const database = first.server.services.config.database;
    if (database.type !== 'mysql') throw new Error('expected MySQL');
    for (let i = 0; i < 2; i += 1) instances.push(await startTestServer('mysql', { REDIS_URL }, { databaseUrl: database.url }));
    // One instant for all three clocks, early in an hour: every call falls in the same windows.
    const at = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 1000);
    for (const t of instances) t.clock.set(at);
    agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS_PER_INSTANCE });
    // Let the instances see each other (heartbeats every second) before the overdraft is sized.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  });
  afterAll(async () => {
    agent?.destroy();
    for (const t of instances.reverse()) await t.close();
  });

  /** One verify over a kept-alive connection (node:http: an agent per port keeps 50 sockets each). */
  function verifyCode(t: TestServer, secret: string): Promise<string> {
    const body = JSON.stringify({ key: secret });
    return new Promise((resolve, reject) => {
      const req = request(`${t.url}/v1/keys/verify`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${SERVICE_TOKEN}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve((JSON.parse(text) as { code: string }).code);
          } catch (error) {
            reject(error);
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Every connection verifies until its instance refuses with `stop`; answers the count of VALID. */
  async function hammer(secret: string, stop: string): Promise<{ valid: number; refused: number; other: Record<string, number> }> {
    let valid = 0;
    let refused = 0;
    const other: Record<string, number> = {};
    const loop = async (t: TestServer): Promise<void> => {
      for (;;) {
        const code = await verifyCode(t, secret);
        if (code === 'VALID') valid += 1;
        else if (code === stop) {
          refused += 1;
          return;
        } else {
          other[code] = (other[code] ?? 0) + 1;
          return;
        }
      }
    };
    await Promise.all(instances.flatMap((t) => Array.from({ length: CONNECTIONS_PER_INSTANCE }, () => loop(t))));
    return { valid, refused, other };
  }

  async function keyWith(settings: Record<string, unknown>): Promise<string> {
    const t = instances[0]!;
    const org = await createOrganization(t);
    const app = await createApplication(t, org.id);
    return (await createApiKey(t, app.id, settings)).secret;
  }

  it('1,000 credits, 3 instances × 50 connections: exactly 1,000 VALID', async () => {
    const secret = await keyWith({ credits: 1000 });
    const result = await hammer(secret, 'USAGE_EXCEEDED');
    expect(result.other).toEqual({});
    expect(result.valid).toBe(1000);
    expect(result.refused).toBe(3 * CONNECTIONS_PER_INSTANCE);
  });

  it('a limit of 600 per window, 3 instances × 50 connections: at most 10 % over (and most of it used)', async () => {
    const secret = await keyWith({ rateLimits: [{ name: 'hourly', limit: 600, windowSeconds: 3600 }] });
    const result = await hammer(secret, 'RATE_LIMITED');
    // eslint-disable-next-line no-console
    console.log(`rate limit 600 across 3 instances: ${result.valid} VALID (${((result.valid / 600 - 1) * 100).toFixed(1)} %)`);
    expect(result.other).toEqual({});
    expect(result.valid).toBeLessThanOrEqual(660);
    expect(result.valid).toBeGreaterThanOrEqual(540);
  });

  it('a changed allowlist or limit is seen by verify on the other instances within 1 s (SPEC 5a)', async () => {
    const [a, b, c] = instances as [TestServer, TestServer, TestServer];
    const org = await createOrganization(a);
    const app = await createApplication(a, org.id);
    const key = await createApiKey(a, app.id, { allowedIps: ['10.0.0.0/8'] });
    const codeAt = async (t: TestServer, ip: string) => {
      const response = await fetch(`${t.url}/v1/keys/verify`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVICE_TOKEN}` }, body: JSON.stringify({ key: key.secret, ip }) });
      return ((await response.json()) as { code: string }).code;
    };
    expect(await codeAt(b, '192.0.2.1')).toBe('IP_NOT_ALLOWED');
    expect(await codeAt(c, '10.1.1.1')).toBe('VALID');
    await a.ok('mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id } }', { id: key.id, input: { allowedIps: ['192.0.2.0/24'] } }, await a.adminToken());
    const started = Date.now();
    while ((await codeAt(b, '192.0.2.1')) !== 'VALID' || (await codeAt(c, '10.1.1.1')) !== 'IP_NOT_ALLOWED') {
      if (Date.now() - started > 1000) throw new Error('the new allowlist was not seen within 1 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await a.ok('mutation($id: ID!, $input: UpdateApplicationInput!) { updateApplication(id: $id, input: $input) { id } }', { id: app.id, input: { rateLimits: [{ name: 'none-left', limit: 1, windowSeconds: 3600 }] } }, await a.adminToken());
    const limited = Date.now();
    for (;;) {
      const codes = [await codeAt(b, '192.0.2.1'), await codeAt(c, '192.0.2.1')];
      if (codes.includes('RATE_LIMITED')) break;
      if (Date.now() - limited > 1000) throw new Error('the new application limit was not seen within 1 s');
    }
  });
});
