import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SESSION_ENDED_CLOSE_CODE } from '../../server/http/graphql.plugin';
import { clientAt } from '../../server/shared/client-address';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, GraphQLResponse, startTestServer, TestServer } from '../helpers/server';

/**
 * One table of cases, run over both transports (HTTP and graphql-ws) in production and in
 * development: the one execution pipeline must give the same answer whichever way a query comes.
 */
type Transport = 'http' | 'ws';
type Mode = 'production' | 'development';

const DEEP = `{ me { organizations { applications { items { organization { applications { items { organization { applications { items { id } } } } } } } } } } }`;

interface Case {
  readonly name: string;
  readonly query: string;
  /** Run against a server whose execution deadline is already past, or whose row budget is one row. */
  readonly server?: 'overDeadline' | 'oneRow';
  /** The modes the case runs in (default both). */
  readonly modes?: readonly Mode[];
  readonly expect: (answer: GraphQLResponse, mode: Mode) => void;
}

const CASES: readonly Case[] = [
  {
    name: 'schema introspection: on in development, refused in production',
    query: '{ __schema { queryType { name } } }',
    expect: (answer, mode) => {
      if (mode === 'production') {
        expect(answer.data ?? null).toBeNull();
        expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      } else expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    },
  },
  {
    name: 'type introspection too',
    query: '{ __type(name: "User") { name } }',
    expect: (answer, mode) => (mode === 'production' ? expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT') : expect(answer.data).toEqual({ __type: { name: 'User' } })),
  },
  {
    name: 'field suggestions: shown in development, hidden in production',
    query: '{ mee { id } }',
    expect: (answer, mode) => {
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const message = answer.errors?.[0]?.message ?? '';
      expect(message).toMatch(/Cannot query field "mee"/);
      if (mode === 'production') expect(message).not.toMatch(/Did you mean/);
      else expect(message).toMatch(/Did you mean "me"/);
    },
  },
  {
    name: 'armor limits: depth',
    query: DEEP,
    expect: (answer) => expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'maxDepth' }),
  },
  {
    name: 'an ordinary query works',
    query: '{ me { email } }',
    expect: (answer) => expect(answer).toEqual({ data: { me: { email: 'admin@keyward.test' } } }),
  },
  {
    name: 'the execution deadline stops the operation with UNAVAILABLE',
    query: '{ me { email } }',
    server: 'overDeadline',
    expect: (answer) => expect(answer.errors?.[0]?.extensions?.code).toBe('UNAVAILABLE'),
  },
  {
    // The keys loader reads the application's two keys: over the budget of one row. (Development
    // only: in production the platform admin that seeds the data would first need a second factor,
    // and the budget does not depend on the mode.)
    name: 'the row budget stops a query that reads more rows',
    query: '{ organizations { applications { items { apiKeys { id } } } } }',
    server: 'oneRow',
    modes: ['development'],
    expect: (answer) => expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/reads more than 1 rows/) }),
  },
];

async function overWebSocket(t: TestServer, token: string, query: string): Promise<GraphQLResponse> {
  const client = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
  try {
    return await new Promise<GraphQLResponse>((resolve, reject) => {
      let result: GraphQLResponse | undefined;
      client.subscribe(
        { query },
        {
          next: (value) => (result = value as GraphQLResponse),
          // graphql-ws reports validation errors as an `error` message: an array of errors.
          error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
          complete: () => resolve(result ?? {}),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

const servers = new Map<string, TestServer>();
async function server(mode: Mode, variant: Case['server']): Promise<TestServer> {
  const key = `${mode}:${variant}`;
  let t = servers.get(key);
  if (!t) {
    t = await startTestServer('sqlite', { NODE_ENV: mode }, { graphqlExecutionTimeoutMs: variant === 'overDeadline' ? -1 : undefined, graphqlMaxRowsPerRequest: variant === 'oneRow' ? 1 : undefined });
    if (variant === 'oneRow') {
      const org = (await createOrganization(t)).id;
      const application = (await createApplication(t, org)).id;
      for (let i = 0; i < 2; i += 1) await createApiKey(t, application);
    }
    servers.set(key, t);
  }
  return t;
}

afterAll(async () => {
  for (const t of servers.values()) await t.close();
});

const rows = (['production', 'development'] as const).flatMap((mode) => (['http', 'ws'] as const).flatMap((transport) => CASES.filter((c) => !c.modes || c.modes.includes(mode)).map((c) => [mode, transport, c.name, c] as const)));

describe('one GraphQL pipeline for HTTP and WebSocket', () => {
  it.each(rows)('%s over %s: %s', async (mode: Mode, transport: Transport, _name: string, c: Case) => {
    const t = await server(mode, c.server);
    // Signed in by the service itself: the login mutation would overrun the deadline too.
    const token = (await t.server.services.auth.login(ADMIN_EMAIL, ADMIN_PASSWORD, clientAt('127.0.0.1'))).token!;
    const answer = transport === 'http' ? await t.gql(c.query, undefined, token) : await overWebSocket(t, token, c.query);
    c.expect(answer, mode);
  });
});

describe('a live subscription ends with its session', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', {}, { sessionCheckMs: 50 });
  });
  afterAll(async () => t?.close());

  const SUBSCRIPTION = 'subscription($o: ID!) { apiKeyStatusChanged(organizationId: $o) { status } }';
  /** Opens a socket with a live subscription; resolves once it is connected, with its close to come. */
  const openSubscription = async (token: string): Promise<{ closed: Promise<{ code: number; reason: string }> }> => {
    const org = await createOrganization(t);
    let resolveClosed!: (event: { code: number; reason: string }) => void;
    const closed = new Promise<{ code: number; reason: string }>((resolve) => (resolveClosed = resolve));
    await new Promise<void>((connected, reject) => {
      const client = createClient({ url: `${t.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      client.on('connected', () => connected());
      client.on('closed', (event) => resolveClosed(event as { code: number; reason: string }));
      client.subscribe({ query: SUBSCRIPTION, variables: { o: org.id } }, { next: () => undefined, error: reject, complete: () => undefined });
      setTimeout(() => reject(new Error('the socket did not connect')), 10_000).unref();
    });
    return { closed };
  };
  const within = <T>(promise: Promise<T>, ms = 10_000): Promise<T> => Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('the socket stayed open')), ms).unref())]);

  it('when its personal access token is revoked (close 4401)', async () => {
    const admin = await t.adminToken();
    const created = await t.ok<{ createPersonalAccessToken: { token: string; personalAccessToken: { id: string } } }>(
      'mutation { createPersonalAccessToken(input: { name: "ws", expiresInDays: 30 }) { token personalAccessToken { id } } }',
      {},
      admin,
    );
    const { closed } = await openSubscription(created.createPersonalAccessToken.token);
    await new Promise((r) => setTimeout(r, 200));
    await t.ok('mutation($id: ID!) { revokePersonalAccessToken(id: $id) { id } }', { id: created.createPersonalAccessToken.personalAccessToken.id }, admin);
    expect(await within(closed)).toMatchObject({ code: SESSION_ENDED_CLOSE_CODE, reason: expect.stringMatching(/expired or revoked/) });
  });

  it('when its session expires (close 4401)', async () => {
    const session = await t.adminToken();
    const { closed } = await openSubscription(session);
    await new Promise((r) => setTimeout(r, 200));
    t.clock.advance(2 * 3600_000);
    expect((await within(closed)).code).toBe(SESSION_ENDED_CLOSE_CODE);
  });
});
