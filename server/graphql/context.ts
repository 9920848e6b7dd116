import { getNamedType, GraphQLObjectType, GraphQLResolveInfo, isObjectType, Kind, SelectionSetNode } from 'graphql';
import { Actor } from '../auth/actor';
import { keyCredentialViewer, memberViewer, Viewer } from '../auth/viewer';
import { isDatabaseUnavailable } from '../database/database';
import { databaseUnavailable, DomainError, ErrorCode } from '../errors';
import { Services } from '../services';
import { ClientAddress, clientAt } from '../shared/client-address';
import { createLoaders, Loaders } from './loaders';
import { RequestLimits } from './request-limits';

export interface Context {
  readonly actor: Actor | null;
  /** Who reads, for loaders and field resolvers: the actor as a member, or nobody. */
  readonly viewer: Viewer;
  /**
   * Objects answered on the strength of a credential that is not a session, with the narrower
   * viewer that reads through them (see `scopeToKey`); everything else is read as `viewer`.
   */
  readonly scoped: WeakMap<object, Viewer>;
  /** Why the Authorization header was refused; raised only by operations that need a caller. */
  readonly authError: DomainError | null;
  readonly loaders: Loaders;
  readonly services: Services;
  /** Who calls: sign-in and second-factor limits count per client (its `limitKey`). */
  readonly clientAddress: ClientAddress;
  /** Deadline and row budget of this operation (none for a subscription's long-lived context): checked by every field and loader batch. */
  readonly limits: RequestLimits;
}

/**
 * `limits` come from the pipeline (`limitsFor`), the same for every transport. `cacheLoaders`
 * is off for a subscription, whose one context serves every event: its loaders must not cache
 * between events.
 */
export async function createContext(services: Services, authorization: string | undefined, clientAddress: ClientAddress = clientAt('unknown'), options: { cacheLoaders?: boolean; limits?: RequestLimits } = {}): Promise<Context> {
  const cacheLoaders = options.cacheLoaders ?? true;
  const limits = options.limits ?? RequestLimits.unlimited();
  const base = { loaders: createLoaders(services.db.manager, services.db.dialect, services.access, cacheLoaders, limits), services, clientAddress, limits, scoped: new WeakMap<object, Viewer>() };
  try {
    const actor = await services.auth.authenticate(authorization);
    return { ...base, actor, viewer: memberViewer(actor), authError: null };
  } catch (error) {
    if (error instanceof DomainError) return { ...base, actor: null, viewer: memberViewer(null), authError: error };
    if (isDatabaseUnavailable(error)) return { ...base, actor: null, viewer: memberViewer(null), authError: databaseUnavailable() };
    throw error;
  }
}

/** The signed-in caller; resolvers behind `@Authorized()` always have one. */
export function actorOf(context: Context): Actor {
  if (context.authError) throw context.authError;
  if (!context.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first: send Authorization: Bearer <token>');
  return context.actor;
}

/** The viewer that reads the fields of `root`: narrower than the caller's when `root` came from a key credential. */
export function viewerOf(context: Context, root: object): Viewer {
  return context.scoped.get(root) ?? context.viewer;
}

/**
 * Marks the key answered by a credential that is not a session (a temporary key, an account
 * secret): its fields are read as a viewer that reaches this key and nothing beyond it, whoever
 * else the caller may be (SPEC 5a).
 */
export function scopeToKey<T extends { apiKey: { id: string } }>(context: Context, payload: T, credential: 'temporary_key' | 'account_secret'): T {
  const viewer = keyCredentialViewer(payload.apiKey.id, credential);
  context.scoped.set(payload, viewer);
  context.scoped.set(payload.apiKey, viewer);
  return payload;
}

/** The error for an object the viewer may not read: NOT_FOUND, as for a missing one; FORBIDDEN beyond a key credential's one key. */
export function refused(viewer: Viewer, what: string): DomainError {
  if (viewer.kind === 'key_credential') {
    return new DomainError(ErrorCode.FORBIDDEN, `This answer was given for one key's credential (${viewer.credential}); it reaches that key only, not its ${what.toLowerCase()}: sign in to read more`);
  }
  return new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
}

/** Throws unless the viewer may read objects of `organizationId` — for field resolvers, which never trust their parent. */
export async function requireReadable(context: Context, viewer: Viewer, organizationId: string, what: string, apiKeyId?: string): Promise<void> {
  if (!(await context.loaders.canReadIn(viewer, organizationId, apiKeyId))) throw refused(viewer, what);
}

/**
 * The fields of a credential operation's selection that reach beyond its key (the key's own fields,
 * its secrets' prefixes and its value objects are the key; its application, organization and any
 * other object with an id are not). Checked before the operation acts, so a refused selection spends nothing: the
 * field resolvers would refuse those fields anyway, but only after a one-time secret was made.
 */
export function selectionBeyondKey(info: GraphQLResolveInfo): string[] {
  const beyond: string[] = [];
  const visit = (selectionSet: SelectionSetNode, type: GraphQLObjectType, path: string, insideKey: boolean): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, type, path, insideKey);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet, type, path, insideKey);
      } else if (selection.selectionSet) {
        const field = type.getFields()[selection.name.value];
        const named = field ? getNamedType(field.type) : undefined;
        if (!named || !isObjectType(named)) continue;
        const at = `${path}.${selection.name.value}`;
        // Inside the key, objects with an identity of their own (an application, another key, a
        // user…) are beyond it; its secrets and value objects without an id (rate limits, a
        // credit refill) are part of it.
        if (insideKey && named.name !== 'ApiKeySecret' && 'id' in named.getFields()) beyond.push(at);
        else visit(selection.selectionSet, named, at, insideKey || named.name === 'ApiKey');
      }
    }
  };
  const returned = getNamedType(info.returnType);
  if (isObjectType(returned)) for (const node of info.fieldNodes) if (node.selectionSet) visit(node.selectionSet, returned, info.fieldName, false);
  return beyond;
}

/** Refuses, before anything is done, a credential operation that asks for more than its key. */
export function requireKeyOnlySelection(info: GraphQLResolveInfo): void {
  const beyond = selectionBeyondKey(info);
  if (beyond.length) {
    throw new DomainError(ErrorCode.FORBIDDEN, `${info.fieldName} answers its key only (the key's fields and secrets); sign in and query ${beyond.join(', ')} separately. Nothing was done`);
  }
}
