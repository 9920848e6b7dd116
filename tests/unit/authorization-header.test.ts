import fc from 'fast-check';
import { AuthService } from '../../server/auth/auth.service';
import { readClientCredentials } from '../../server/credentials/client-auth';
import { OAuthError } from '../../server/credentials/oauth-error';
import Fastify from 'fastify';
import { Agent, request } from 'node:http';
import { judgeServiceToken, serviceTokenHook, ServiceTokenGuard } from '../../server/credentials/service-token';
import { ClientAddresses } from '../../server/shared/client-address';
import { DomainError } from '../../server/errors';
import { basicCredentials, bearerCredentials, isToken68 } from '../../server/shared/authorization';
import { codeLinesMatching } from '../helpers/sources';

/**
 * Every entry point that reads `Authorization` answers a header as one grammar does (RFC 9110
 * §11.4: `scheme [ 1*SP token68 ]`, the scheme in any case, spaces and tabs around the value
 * ignored). The grammar is written out here a character at a time, apart from the regular
 * expressions it is checked against, and each entry point's answer is derived from it.
 */
const TCHAR = new Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
const TOKEN68_CHAR = new Set('-._~+/0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
const OWS = new Set([' ', '\t']);

function grammar(header: string | undefined, scheme: 'bearer' | 'basic'): string | null | undefined {
  if (header === undefined) return undefined;
  let start = 0;
  let end = header.length;
  while (start < end && OWS.has(header[start]!)) start++;
  while (end > start && OWS.has(header[end - 1]!)) end--;
  const value = header.slice(start, end);
  let i = 0;
  while (i < value.length && TCHAR.has(value[i]!)) i++;
  if (value.slice(0, i).toLowerCase() !== scheme) return undefined;
  if (value[i] !== ' ') return null;
  while (value[i] === ' ') i++;
  const credentials = value.slice(i);
  return token68(credentials) ? credentials : null;
}

function token68(text: string): boolean {
  let j = 0;
  while (j < text.length && TOKEN68_CHAR.has(text[j]!)) j++;
  if (j === 0) return false;
  while (text[j] === '=') j++;
  return j === text.length;
}

const TOKENS = ['svc_first_token_0123456789abcdef', 'svc_second_token_0123456789abcdef=='];
const anyCase = (word: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
const basicOf = (id: string, secret: string): string => Buffer.from(`${id}:${secret}`).toString('base64');

/** Headers built from the grammar's parts and their near misses, and any text at all. */
const header: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(
    fc.constantFrom('', ' ', '\t', ' \t'),
    // Near-miss schemes: a longer name, a name with a non-ASCII letter that upper-cases to ASCII.
    fc.oneof(anyCase('bearer'), anyCase('basic'), fc.constantFrom('Bearerx', 'Basic2', 'Digest', 'baſic', 'bearer;', 'Token', '')),
    fc.constantFrom('', ' ', '  ', '\t', ' \t', '\u00a0', ',', '='),
    fc.oneof(
      fc.constantFrom(...TOKENS, basicOf('key_1', 'sk_test_secret'), 'a==', '=abc', 'a=b', 'abc def', 'a\tb', 'sk_é', TOKENS[0]!.slice(0, -1), ''),
      fc.stringMatching(/^[A-Za-z0-9._~+/-]{1,12}=*$/),
      fc.string({ maxLength: 12 }),
    ),
    fc.constantFrom('', ' ', '\t', ' \t\t', '\r'),
  ).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

function outcome(work: () => unknown): string {
  try {
    const result = work();
    return `ok ${JSON.stringify(result)}`;
  } catch (error) {
    if (error instanceof OAuthError) return `${error.error}: ${error.message}`;
    if (error instanceof DomainError) return `${error.code}: ${error.message}`;
    return `thrown: ${(error as Error).message}`;
  }
}

describe('the Authorization header has one grammar', () => {
  it('bearerCredentials and basicCredentials read every header as the grammar does', () => {
    fc.assert(
      fc.property(header, (value) => {
        expect(bearerCredentials(value)).toBe(grammar(value, 'bearer'));
        expect(basicCredentials(value)).toBe(grammar(value, 'basic'));
      }),
      { numRuns: 5000 },
    );
  });

  it('isToken68 (what a configured service token must be) agrees with the grammar', () => {
    const text = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~+/=-]{0,12}$/), fc.string({ maxLength: 12, unit: 'binary' }), fc.constantFrom(...TOKENS, '', '=', 'a=b', 'a b'));
    fc.assert(fc.property(text, (value) => expect(isToken68(value)).toBe(token68(value))), { numRuns: 5000 });
  });

  it('the service-token hook answers every header as the grammar says, counts only wrong tokens, and hands a valid one to the handler', async () => {
    const failed: string[] = [];
    const app = Fastify();
    await app.register(async (scope) => {
      const onRequest = serviceTokenHook(scope, {
        guard: new ServiceTokenGuard(TOKENS),
        guesses: { retryAfter: () => 0, fail: (address) => void failed.push(address) },
        addresses: new ClientAddresses([]),
        refuse: (reply, refusal) => void reply.code(refusal.status).send({ verdict: refusal.reason }),
      });
      scope.post('/check', { onRequest }, async (request) => ({ verdict: 'valid', token: request.serviceToken }));
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (authorization: string | undefined): Promise<{ verdict: string; token?: string }> =>
      new Promise((resolve, reject) => {
        const call = request(`${url}/check`, { method: 'POST', agent, headers: authorization === undefined ? {} : { authorization } }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(JSON.parse(body)));
        });
        call.on('error', reject).end();
      });
    // What an HTTP header can carry at all (the rest never reaches a hook).
    const sendable = (value: string | undefined): boolean => value === undefined || /^[\t\x20-\x7e\x80-\xff]*$/.test(value);
    try {
      await fc.assert(
        fc.asyncProperty(header.filter(sendable), async (value) => {
          failed.length = 0;
          const answer = await send(value);
          const token = grammar(value, 'bearer');
          const expected = typeof token !== 'string' ? 'missing' : TOKENS.includes(token) ? 'valid' : 'wrong';
          expect(answer.verdict).toBe(expected);
          if (expected === 'valid') expect(answer.token).toBe(token);
          expect(failed).toHaveLength(expected === 'wrong' ? 1 : 0);
        }),
        { numRuns: 2000 },
      );
    } finally {
      agent.destroy();
      await app.close();
    }
    expect(judgeServiceToken(new ServiceTokenGuard([]), TOKENS[0])).toBe('wrong');
  });

  it('the token endpoint: Basic credentials are decoded, a garbled Basic header or another scheme is invalid_client', () => {
    fc.assert(
      fc.property(header, (value) => {
        const basic = grammar(value, 'basic');
        const actual = outcome(() => readClientCredentials(value, { client_id: 'key_1', ...(basic === undefined ? { client_secret: 'sk_test_secret' } : {}) }));
        if (typeof basic === 'string') {
          const decoded = Buffer.from(basic, 'base64').toString('utf8');
          if (decoded.indexOf(':') < 1) expect(actual).toBe('invalid_client: The Basic credentials are not client_id:client_secret');
          else if (decoded.startsWith('key_1:')) expect(actual).toMatch(/^ok .*"method":"client_secret_basic"/);
          else expect(actual).toMatch(/^(invalid_request: client_id in the body differs|invalid_client: The Basic credentials are not form-encoded)/);
        } else if (basic === null) {
          expect(actual).toBe('invalid_client: The Basic credentials are not client_id:client_secret');
        } else if (value === undefined || value === '') {
          expect(actual).toMatch(/^ok .*"method":"client_secret_post"/);
        } else {
          expect(actual).toBe('invalid_client: Unsupported Authorization scheme; use HTTP Basic or client_secret_post');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('the management API and its WebSocket: anything but Bearer <token68> is refused before a token is looked at', async () => {
    // No database, key ring or clock: a header that gets past the grammar fails later, on another message.
    const auth = new AuthService({} as never, {} as never, {} as never, {} as never, {} as never, {} as never, {} as never);
    const mustBeBearer = 'UNAUTHENTICATED: Authorization must be "Bearer <token>"';
    await fc.assert(
      fc.asyncProperty(header, async (value) => {
        let actual: string;
        try {
          actual = `ok ${JSON.stringify(await auth.authenticate(value))}`;
        } catch (error) {
          actual = error instanceof DomainError ? `${error.code}: ${error.message}` : `thrown: ${(error as Error).message}`;
        }
        if (value === undefined || value === '') expect(actual).toBe('ok null');
        else if (typeof grammar(value, 'bearer') === 'string') expect(actual).not.toBe(mustBeBearer);
        else expect(actual).toBe(mustBeBearer);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('no entry point reads the Authorization header its own way', () => {
  // A scheme name tested in code: a regular expression, a prefix test, a comparison or a slice.
  const schemeTest = /(\/\^?(\\s\*|\[[^\]]*\]\*)?\(?\??(bearer|basic)\b)|((startsWith|indexOf|includes)\(\s*['"`](bearer|basic))|(===?\s*['"`](bearer|basic)\b)|(slice\(0,\s*[67]\))/i;

  it('finds a scheme test in the code it is meant to catch', () => {
    for (const line of ['if (!/^bearer /i.test(h)) return;', "h.replace(/^Bearer\\s+/i, '')", "h.startsWith('Bearer ')", "h.slice(0, 7).toLowerCase() === 'bearer '", 'const m = /^\\s*basic +(.*)$/i.exec(h);']) {
      expect(line).toMatch(schemeTest);
    }
  });

  it('only server/shared/authorization.ts parses a scheme', () => {
    expect(codeLinesMatching(schemeTest, ['shared/authorization.ts'])).toEqual([]);
  });
});
