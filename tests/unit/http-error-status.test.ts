import { ErrorCode } from '../../server/errors';
import { httpErrorOf } from '../../server/http/error-status';

describe('ErrorCode → HTTP status (one map)', () => {
  it('maps every code to a 4xx or 5xx with a snake_case error word; only the server-side ones are 5xx', () => {
    for (const code of Object.values(ErrorCode)) {
      const { status, error } = httpErrorOf(code);
      expect({ code, ok: status >= 400 && status < 600 && /^[a-z_]+$/.test(error) }).toEqual({ code, ok: true });
      expect({ code, server: status >= 500 }).toEqual({ code, server: code === ErrorCode.UNAVAILABLE || code === ErrorCode.INTERNAL });
    }
    expect(httpErrorOf(ErrorCode.UNAVAILABLE).status).toBe(503);
  });
});

