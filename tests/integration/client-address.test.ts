import fc from 'fast-check';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ADMIN_EMAIL, ADMIN_PASSWORD, SERVICE_TOKEN, startTestServer, TestServer } from '../helpers/server';
import { createUser } from '../helpers/fixtures';
import { activeKey, basic, FORM, form, post } from './credentials-fixtures';

// The proxy appends the address it saw; left of it, what the client itself sent (possibly forged).
const from = (client: string): Record<string, string> => ({ 'x-forwarded-for': `198.51.100.200, ${client}` });
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
/** What a sign-in came to, by `extensions.code` (and `extensions.limit`), or 'signed in'. */
const outcomeOf = (result: { data?: any; errors?: Array<{ extensions?: Record<string, unknown> }> }): string => {
  const extensions = result.errors?.[0]?.extensions;
  if (extensions) return [extensions.code, extensions.limit].filter(Boolean).join(' ');
  return result.data?.login?.token ? 'signed in' : JSON.stringify(result);
};
async function login(t: TestServer, headers: Record<string, string>, email: string, password: string): Promise<string> {
  const answer = await post(t, '/graphql', JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }), { 'content-type': 'application/json', ...headers });
  return outcomeOf(answer.body);
}

/**
 * How clients are told apart (README, "Limits per client address"): client `n`'s `i`-th request.
 * An IPv4 client is one address, written plain, IPv4-mapped, or with the source port some balancers
 * add, by turns; an IPv6 client is one /64, from which every request takes new low bits, as privacy
 * addresses (RFC 4941) and an attacker varying them do, every third one in brackets with a port.
 */
const v6 = (n: number, i: number) => `2001:db8:${n.toString(16)}:${i % 2 === 0 ? '0' : '0000'}:${(0x1000 + i * 7919).toString(16)}:${i.toString(16)}:${(i * 31).toString(16)}:${(i + 1).toString(16).toUpperCase()}`;
const FAMILIES: Array<[string, (n: number, i: number) => string]> = [
  ['IPv4', (n, i) => [`203.0.113.${n}`, `::ffff:203.0.113.${n}`, `203.0.113.${n}:${40000 + i}`][i % 3]!],
  ['IPv6', (n, i) => (i % 3 === 2 ? `[${v6(n, i)}]:${40000 + i}` : v6(n, i))],
];

/**
 * Behind a load balancer every request comes from the balancer's address. Each limit counted per
 * address must count the client the trusted proxy names, or one client's failures lock every other
 * client out (README, "Limits"). Each case: exhaust one forwarded client's budget, then the next
 * forwarded client, and the balancer's own, are still served.
 */
describe.each(FAMILIES)('per-address limits count the %s client behind a trusted proxy (KEYWARD_TRUSTED_PROXIES)', (_family, client) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', {
      KEYWARD_TRUSTED_PROXIES: '127.0.0.0/8,::1',
      KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '3',
      KEYWARD_SERVICE_TOKEN_FAILURES_PER_ADDRESS_PER_MINUTE: '3',
      KEYWARD_TOKEN_FAILURES_PER_CLIENT_PER_MINUTE: '3',
    });
  });
  afterAll(async () => t?.close());

  const loginOverSocket = async (headers: Record<string, string>, email: string, password: string): Promise<string> => {
    const Forwarding = class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    };
    // A socket opens only with a session; its mutations count against the socket's client address.
    const connectionParams = { authorization: `Bearer ${await t.adminToken()}` };
    const ws = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: Forwarding, connectionParams, retryAttempts: 0 });
    try {
      const result = await new Promise<any>((resolve, reject) => {
        ws.subscribe({ query: LOGIN, variables: { e: email, p: password } }, { next: resolve, error: reject, complete: () => undefined });
      });
      return outcomeOf(result);
    } finally {
      await ws.dispose();
    }
  };

  it('sign-in attempts, over HTTP and WebSocket', async () => {
    const blocked = 'RATE_LIMITED login-address';
    for (let i = 0; i < 3; i += 1) expect(await login(t, from(client(1, i)), `nobody${i}@example.com`, 'wrong-password-1')).toBe('UNAUTHENTICATED');
    expect(await login(t, from(client(1, 3)), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(blocked);
    expect(await loginOverSocket(from(client(1, 4)), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe(blocked);
    // The rightful user behind the same balancer, by either transport, and the balancer itself.
    expect(await login(t, from(client(2, 0)), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe('signed in');
    expect(await loginOverSocket(from(client(3, 0)), ADMIN_EMAIL, ADMIN_PASSWORD)).toBe('signed in');
    expect(await login(t, {}, ADMIN_EMAIL, ADMIN_PASSWORD)).toBe('signed in');
  });

  /** Every operation the OpenAPI document says takes a service token, with the body type it reads. */
  async function serviceTokenRoutes(): Promise<Array<{ path: string; type: string }>> {
    type Operation = { security?: Array<Record<string, unknown>>; requestBody?: { content: Record<string, unknown> } };
    const document = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    return Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.values(operations)
        .filter((operation) => operation.security?.some((scheme) => 'serviceToken' in scheme))
        .map((operation) => ({ path, type: Object.keys(operation.requestBody?.content ?? { 'application/json': null })[0]! })),
    );
  }

  it('wrong service tokens on any route the OpenAPI document gives one block that client on all of them, and no one else', async () => {
    const routes = await serviceTokenRoutes();
    expect(routes.map((route) => route.path)).toEqual(expect.arrayContaining(['/oauth/introspect', '/oauth/revoke', '/v1/keys/leaked', '/v1/keys/verify']));
    const send = (route: { path: string; type: string }, headers: Record<string, string>, token: string) =>
      post(t, route.path, route.type.includes('json') ? '{}' : 'token=x', { 'content-type': route.type, authorization: `Bearer ${token}`, ...headers });
    for (const [n, guessed] of routes.entries()) {
      const guesser = 30 + n;
      for (let i = 0; i < 3; i += 1) expect([guessed.path, (await send(guessed, from(client(guesser, i)), 'svc_wrong_token_0123456789abcdef')).status]).toEqual([guessed.path, 401]);
      for (const route of routes) expect([guessed.path, route.path, (await send(route, from(client(guesser, 3)), SERVICE_TOKEN)).status]).toEqual([guessed.path, route.path, 429]);
      // Another client behind the same balancer, and the balancer itself, are served.
      for (const headers of [from(client(guesser + 50, 0)), {}]) {
        for (const route of routes) expect([route.path, [401, 429].includes((await send(route, headers, SERVICE_TOKEN)).status)]).toEqual([route.path, false]);
      }
    }
  });

  it('failed client authentications at the token endpoint', async () => {
    const key = await activeKey(t);
    const token = (headers: Record<string, string>, secret: string) => post(t, '/oauth/token', form({ grant_type: 'client_credentials' }), { ...FORM, authorization: basic(key.id, secret), ...headers });
    for (let i = 0; i < 3; i += 1) expect((await token(from(client(20, i)), 'sk_test_wrong')).status).toBe(401);
    expect((await token(from(client(20, 3)), key.secret)).status).toBe(429);
    expect((await token(from(client(21, 0)), key.secret)).status).toBe(200);
  });
});

describe('sign-in failures never lock an account\'s owner out (SPEC 5a)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { KEYWARD_TRUSTED_PROXIES: '127.0.0.0/8,::1', KEYWARD_LOGIN_FAILURES_PER_ACCOUNT: '2', KEYWARD_LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '30' });
  });
  afterAll(async () => t?.close());
  const wrong = 'UNAUTHENTICATED';

  it('a stranger\'s wrong passwords block the stranger\'s address for that account, not the owner elsewhere', async () => {
    const user = await createUser(t, 'owner');
    for (let i = 0; i < 2; i += 1) expect(await login(t, from('203.0.113.30'), user.email, `wrong-${i}`)).toBe(wrong);
    expect(await login(t, from('203.0.113.30'), user.email, user.password)).toBe('RATE_LIMITED login-account-address');
    expect(await login(t, from('203.0.113.31'), user.email, user.password)).toBe('signed in');
  });

  it('guesses spread over many addresses meet a ceiling per account, and an address the owner signed in from is outside it', async () => {
    const user = await createUser(t, 'target');
    expect(await login(t, from('198.51.100.1'), user.email, user.password)).toBe('signed in');
    // Ten times the per-address budget, from ten new addresses: the ceiling is full, not passed.
    for (let a = 0; a < 10; a += 1) {
      for (let i = 0; i < 2; i += 1) expect(await login(t, from(`203.0.113.${100 + a}`), user.email, `guess-${a}-${i}`)).toBe(wrong);
    }
    expect(await login(t, from('203.0.113.200'), user.email, user.password)).toBe('RATE_LIMITED login-account-new-addresses');
    // The owner, from an address it signed in from, is not counted against it and not refused by it.
    expect(await login(t, from('198.51.100.1'), user.email, 'a-typo')).toBe(wrong);
    expect(await login(t, from('198.51.100.1'), user.email, user.password)).toBe('signed in');
  });

  it('an owner on IPv6 privacy addresses keeps its /64 as a known address', async () => {
    const user = await createUser(t, 'roaming');
    expect(await login(t, from('2001:db8:77:1:a1b2:c3d4:e5f6:1'), user.email, user.password)).toBe('signed in');
    for (let a = 0; a < 10; a += 1) {
      for (let i = 0; i < 2; i += 1) expect(await login(t, from(`2001:db8:66:${a}::${i + 1}`), user.email, `guess-${a}-${i}`)).toBe(wrong);
    }
    expect(await login(t, from('2001:db8:66:ff::1'), user.email, user.password)).toBe('RATE_LIMITED login-account-new-addresses');
    // The next day the owner's device has taken new low bits in the same /64.
    expect(await login(t, from('2001:db8:77:1:9f8e:7d6c:5b4a:3921'), user.email, user.password)).toBe('signed in');
  });
});

/**
 * The class, not the instances above: for any interleaving of strangers' guesses, from any mix of
 * IPv4 addresses (written plain, mapped or with a port) and IPv6 networks (new low bits every
 * time), the owner's right password from its own network always signs in, and the strangers still
 * get no more guesses than their budgets: 2 per network for the account, 20 in all from new
 * addresses (SPEC 5a: limits protect without locking the rightful user out). Time stands still, the
 * worst case for a lock-out.
 */
describe('model: strangers never lock the owner out, and never pass their budgets', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { KEYWARD_TRUSTED_PROXIES: '127.0.0.0/8,::1', KEYWARD_LOGIN_FAILURES_PER_ACCOUNT: '2' });
  });
  afterAll(async () => t?.close());

  const low = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 4, maxLength: 4 }).map((parts) => parts.map((p) => p.toString(16)).join(':'));
  /** A network (its key in the model) and one way of writing an address in it. */
  const ipv4 = (host: number, spelling: number) => ({ network: `v4 ${host}`, written: [`198.18.0.${host}`, `::ffff:198.18.0.${host}`, `198.18.0.${host}:${50000 + host}`][spelling]! });
  const ipv6 = (net: number, bits: string, bracketed: boolean) => ({ network: `v6 ${net}`, written: bracketed ? `[2001:db8:bad:${net.toString(16)}:${bits}]:443` : `2001:db8:bad:${net.toString(16)}:${bits}` });
  // Twelve networks: guesses repeat on a network, and all twelve together can fill the ceiling (24 > 20).
  const stranger = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 })).map(([host, spelling]) => ipv4(host, spelling)),
    fc.tuple(fc.integer({ min: 1, max: 6 }), low, fc.boolean()).map(([net, bits, bracketed]) => ipv6(net, bits, bracketed)),
  );
  const owner = (family: 'v4' | 'v6', n: number, bits: string) => (family === 'v4' ? [`192.0.2.77`, `::ffff:192.0.2.77`, `192.0.2.77:${40000 + n}`][n % 3]! : `2001:db8:77:1:${bits}`);
  const step = fc.oneof({ weight: 4, arbitrary: stranger.map((from) => ({ kind: 'guess' as const, from })) }, { weight: 1, arbitrary: fc.tuple(fc.nat(2), low).map(([n, bits]) => ({ kind: 'owner' as const, n, bits })) });

  it('holds for generated interleavings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'v4' | 'v6'>('v4', 'v6'), fc.array(step, { minLength: 1, maxLength: 60 }), async (family, steps) => {
        const user = await createUser(t, 'modelled');
        expect(await login(t, from(owner(family, 0, '1:2:3:4')), user.email, user.password)).toBe('signed in');
        const wrongPerNetwork = new Map<string, number>();
        let wrongInAll = 0;
        for (const [i, s] of steps.entries()) {
          if (s.kind === 'owner') {
            expect([i, await login(t, from(owner(family, s.n, s.bits)), user.email, user.password)]).toEqual([i, 'signed in']);
            continue;
          }
          const outcome = await login(t, from(s.from.written), user.email, `guess-${i}`);
          expect(['UNAUTHENTICATED', 'RATE_LIMITED login-account-address', 'RATE_LIMITED login-account-new-addresses']).toContain(outcome);
          if (outcome !== 'UNAUTHENTICATED') continue;
          wrongPerNetwork.set(s.from.network, (wrongPerNetwork.get(s.from.network) ?? 0) + 1);
          wrongInAll += 1;
          expect([s.from.network, wrongPerNetwork.get(s.from.network)! <= 2, wrongInAll <= 20]).toEqual([s.from.network, true, true]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
