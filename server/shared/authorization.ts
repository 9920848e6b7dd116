/**
 * The one reading of an `Authorization` header (RFC 9110 §11.4, §11.6.2):
 *
 *   credentials = auth-scheme [ 1*SP token68 ]
 *
 * The scheme is case-insensitive; one or more spaces, never a tab, separate it from its credentials;
 * spaces and tabs around the whole value are not part of it (§5.5, as Node's HTTP parser already
 * drops them). Both schemes Keyward accepts, Bearer (RFC 6750) and Basic (RFC 7617), carry one
 * token68. Every entry point that reads the header — the management API, its WebSocket, the
 * service-token routes, client authentication at the token endpoint — asks this module, so a
 * header means the same everywhere.
 */

/** RFC 9110 §5.6.2 tchar, of which a scheme name is made: the scheme ends at the first other character. */
const TCHAR = "!#$%&'*+.^_`|~0-9A-Za-z-";

/** RFC 9110 §11.2 token68. */
const TOKEN68 = '[A-Za-z0-9._~+/-]+=*';

const TOKEN68_PATTERN = new RegExp(`^${TOKEN68}$`);

export type AuthScheme = 'Bearer' | 'Basic';

/**
 * The credentials an `Authorization` header carries under `scheme`:
 * - the token68, when the header is `<scheme> <token68>`;
 * - `null`, when it names `scheme` but what follows is not one token68 (nothing, a tab, a second
 *   word, a character outside token68);
 * - `undefined`, when there is no header or it names another scheme (or none).
 */
export type CredentialsReader = (authorization: string | undefined) => string | null | undefined;

function credentialsReader(scheme: AuthScheme): CredentialsReader {
  const credentials = new RegExp(`^[\\t ]*${scheme} +(${TOKEN68})[\\t ]*$`, 'i');
  const named = new RegExp(`^[\\t ]*${scheme}(?![${TCHAR}])`, 'i');
  return (authorization) => {
    if (authorization === undefined) return undefined;
    const match = credentials.exec(authorization);
    if (match) return match[1]!;
    return named.test(authorization) ? null : undefined;
  };
}

export const bearerCredentials = credentialsReader('Bearer');
export const basicCredentials = credentialsReader('Basic');

/** Whether `text` is one token68 (a service token must be, to be sent as `Bearer <token>`). */
export const isToken68 = (text: string): boolean => TOKEN68_PATTERN.test(text);
