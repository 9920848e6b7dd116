import fc from 'fast-check';
import { narrowScopes, parseScope, readClientCredentials } from '../../server/credentials/client-auth';
import { OAuthError, statusOf } from '../../server/credentials/oauth-error';
import { decodeInvalidation, encodeInvalidation } from '../../server/credentials/invalidation-bus';
import { judgeServiceToken, ServiceTokenGuard } from '../../server/credentials/service-token';
import { bearerCredentials } from '../../server/shared/authorization';

const basicOf = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

function oauthError(work: () => unknown): OAuthError {
  try {
    work();
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected an OAuthError');
}

describe('client authentication (RFC 6749 §2.3.1)', () => {
  it('reads client_secret_basic, form-decoding id and secret', () => {
    const basic = (header: string): unknown => readClientCredentials(header, {});
    expect(basic(basicOf('key_1', 'sk_test_abc'))).toEqual({ method: 'client_secret_basic', clientId: 'key_1', clientSecret: 'sk_test_abc' });
    expect(basic(basicOf('a%3Ab', 'c+d%25'))).toEqual({ method: 'client_secret_basic', clientId: 'a:b', clientSecret: 'c d%' });
    expect(basic(`basic ${Buffer.from('k:s:t').toString('base64')}`)).toEqual({ method: 'client_secret_basic', clientId: 'k', clientSecret: 's:t' });
  });

  it('refuses garbled Basic credentials as invalid_client, flagged for WWW-Authenticate', () => {
    for (const header of ['Basic', 'Basic !!!', 'Basic\tazpz', basicOf('', 'secret'), `Basic ${Buffer.from('no-colon').toString('base64')}`, basicOf('%E0%A4%A', 's')]) {
      const error = oauthError(() => readClientCredentials(header, {}));
      expect(error.error).toBe('invalid_client');
      expect(error.basic).toBe(true);
    }
  });

  it('takes exactly one method', () => {
    expect(readClientCredentials(undefined, { client_id: 'k', client_secret: 's' })).toEqual({ method: 'client_secret_post', clientId: 'k', clientSecret: 's' });
    expect(readClientCredentials(basicOf('k', 's'), {})).toEqual({ method: 'client_secret_basic', clientId: 'k', clientSecret: 's' });
    expect(readClientCredentials(basicOf('k', 's'), { client_id: 'k' }).method).toBe('client_secret_basic');
    expect(oauthError(() => readClientCredentials(basicOf('k', 's'), { client_secret: 's' })).error).toBe('invalid_request');
    expect(oauthError(() => readClientCredentials(basicOf('k', 's'), { client_id: 'other' })).error).toBe('invalid_request');
    expect(oauthError(() => readClientCredentials(undefined, { client_id: 'k' })).error).toBe('invalid_client');
    expect(oauthError(() => readClientCredentials('Bearer x', {})).error).toBe('invalid_client');
    expect(oauthError(() => readClientCredentials(undefined, { client_id: ['a', 'b'], client_secret: 's' })).error).toBe('invalid_request');
  });
});

describe('scopes (RFC 6749 §3.3)', () => {
  it('parses space-delimited scope tokens, ignoring repeats and empty values', () => {
    expect(parseScope(undefined)).toBeUndefined();
    expect(parseScope('')).toBeUndefined();
    expect(parseScope('refunds  payments:write refunds')).toEqual(['refunds', 'payments:write']);
    expect(oauthError(() => parseScope('a"b')).error).toBe('invalid_scope');
    expect(oauthError(() => parseScope('a\\b')).error).toBe('invalid_scope');
  });

  it('answers any scope text as the general rule does: split on spaces, drop empties and repeats, every token valid', () => {
    const reference = (scope: string | undefined): string[] | undefined | 'invalid_scope' => {
      if (scope === undefined) return undefined;
      const parts = scope.split(' ').filter((s) => s !== '');
      if (parts.length === 0) return undefined;
      if (parts.some((part) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(part))) return 'invalid_scope';
      return [...new Set(parts)];
    };
    const text = fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.constantFrom('a', 'b:c', ' ', '"', '\\', '\t', 'é', ''), { maxLength: 6 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(fc.option(text, { nil: undefined }), (scope) => {
        let actual: string[] | undefined | 'invalid_scope';
        try {
          actual = parseScope(scope);
        } catch (error) {
          actual = (error as { error: string }).error as 'invalid_scope';
        }
        expect(actual).toEqual(reference(scope));
      }),
      { numRuns: 2000 },
    );
  });

  it('narrows to a subset of the key\'s scopes, or all of them when none is asked', () => {
    expect(narrowScopes(undefined, ['a', 'b'])).toEqual(['a', 'b']);
    expect(narrowScopes(['b'], ['a', 'b'])).toEqual(['b']);
    expect(oauthError(() => narrowScopes(['b', 'c'], ['a', 'b'])).error).toBe('invalid_scope');
  });

  it('maps each error code to its status', () => {
    expect(statusOf('invalid_client')).toBe(401);
    expect(statusOf('invalid_scope')).toBe(400);
    expect(statusOf('temporarily_unavailable')).toBe(503);
  });
});

describe('service token guard', () => {
  const guard = new ServiceTokenGuard(['svc_first_token_0123456789abcdef', 'svc_second_token_0123456789abcdef']);

  it('accepts any configured token as a Bearer token, scheme case-insensitive', () => {
    expect(judgeServiceToken(guard, bearerCredentials('Bearer svc_first_token_0123456789abcdef'))).toBe('valid');
    expect(judgeServiceToken(guard, bearerCredentials('bearer svc_second_token_0123456789abcdef'))).toBe('valid');
  });

  it('calls another token wrong, and a header without a Bearer token missing (every header: authorization-header.test.ts)', () => {
    for (const header of ['Bearer svc_first_token_0123456789abcde', 'Bearer svc_first_token_0123456789abcdeff', `Bearer ${'x'.repeat(5000)}`]) {
      expect(judgeServiceToken(guard, bearerCredentials(header))).toBe('wrong');
    }
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'svc_first_token_0123456789abcdef', 'Basic svc_first_token_0123456789abcdef', 'Bearer\tsvc_first_token_0123456789abcdef']) {
      expect(judgeServiceToken(guard, bearerCredentials(header))).toBe('missing');
    }
  });
});

describe('invalidation messages', () => {
  it('round-trip and reject unknown kinds', () => {
    expect(decodeInvalidation(encodeInvalidation('o1', { kind: 'key', id: 'key_1' }))).toEqual({ origin: 'o1', message: { kind: 'key', id: 'key_1' } });
    expect(decodeInvalidation(encodeInvalidation('o1', { kind: 'all', id: '' }))).toEqual({ origin: 'o1', message: { kind: 'all', id: '' } });
    expect(decodeInvalidation('o1|drop-tables|x')).toBeNull();
    expect(decodeInvalidation('garbage')).toBeNull();
  });
});
