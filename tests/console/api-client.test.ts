import { createApiClient, sameOriginWsUrl } from '../../console/src/api/client';
import { ApiError } from '../../console/src/api/errors';
import { MeDocument, RevokeApiKeyDocument } from '../../console/src/gql/graphql';

function respond(body: unknown, status = 200) {
  return jest.fn().mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}

afterEach(() => jest.restoreAllMocks());

describe('the console API client', () => {
  test('posts the typed document with its variables and the Bearer token', async () => {
    const fetchMock = respond({ data: { revokeApiKey: { id: 'key_1' } } });
    jest.spyOn(globalThis, 'fetch').mockImplementation(fetchMock);
    const client = createApiClient({ httpUrl: '/graphql', wsUrl: 'ws://x/graphql', token: 'tok' });
    const data = await client.request(RevokeApiKeyDocument, { id: 'key_1', reason: null });
    expect(data.revokeApiKey.id).toBe('key_1');
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/graphql');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
    const body = JSON.parse(String(init.body)) as { query: string; variables: unknown };
    expect(body.query).toContain('mutation RevokeApiKey');
    expect(body.variables).toEqual({ id: 'key_1', reason: null });
  });

  test('turns GraphQL errors into an ApiError with its code and field problems', async () => {
    jest.spyOn(globalThis, 'fetch').mockImplementation(
      respond({ data: null, errors: [{ message: 'Invalid input: name: must not be empty', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.name', message: 'must not be empty' }, { nope: 1 }] } }] }),
    );
    const client = createApiClient({ httpUrl: '/graphql', wsUrl: 'ws://x/graphql', token: null });
    const error = (await client.request(MeDocument, {}).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.fieldMessage('name')).toBe('must not be empty');
    expect(error.unclaimedFields(['name'])).toEqual([]);
    expect(error.describe()).toBe('Invalid input: name: must not be empty. Some of the values are not valid. (BAD_USER_INPUT)');
  });

  test('UNAUTHENTICATED ends the session', async () => {
    jest.spyOn(globalThis, 'fetch').mockImplementation(respond({ errors: [{ message: 'Sign in first', extensions: { code: 'UNAUTHENTICATED' } }] }));
    const onUnauthenticated = jest.fn();
    const client = createApiClient({ httpUrl: '/graphql', wsUrl: 'ws://x/graphql', token: 'expired', onUnauthenticated });
    await expect(client.request(MeDocument, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  test('a network failure or a non-GraphQL answer is an error in words too', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    const client = createApiClient({ httpUrl: '/graphql', wsUrl: 'ws://x/graphql', token: null });
    await expect(client.request(MeDocument, {})).rejects.toMatchObject({ code: 'NETWORK' });
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(client.request(MeDocument, {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  test('the WebSocket URL follows the page: ws on http, wss on https', () => {
    expect(sameOriginWsUrl({ protocol: 'http:', host: '127.0.0.1:4000' })).toBe('ws://127.0.0.1:4000/graphql');
    expect(sameOriginWsUrl({ protocol: 'https:', host: 'keys.example.com' })).toBe('wss://keys.example.com/graphql');
  });
});
