import { Actor } from './actor';

/**
 * Who is reading, as the loaders and field resolvers see it (SPEC 5a). Every object that reaches a
 * GraphQL answer is checked against a viewer where it is loaded, never assumed from its parent.
 *
 * - `member`: a session or personal access token; reads what its memberships allow (a connected
 *   account's objects through a membership of the parent, or of the account itself).
 * - `key_credential`: a credential that is not a session — the temporary key of
 *   `exchangeTemporaryApiKey`, the account secret of `retrieveApiKey`. It reaches the one key it
 *   concerns (and that key's secret prefixes) and nothing beyond it: not its application, not its
 *   organization, not the other keys.
 * - `anonymous`: no credential at all; reads nothing.
 */
export type Viewer =
  | { readonly kind: 'member'; readonly actor: Actor }
  | { readonly kind: 'key_credential'; readonly apiKeyId: string; readonly credential: 'temporary_key' | 'account_secret' }
  | { readonly kind: 'anonymous' };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

export function memberViewer(actor: Actor | null): Viewer {
  return actor ? { kind: 'member', actor } : ANONYMOUS;
}

export function keyCredentialViewer(apiKeyId: string, credential: 'temporary_key' | 'account_secret'): Viewer {
  return { kind: 'key_credential', apiKeyId, credential };
}
