import { Actor } from '../auth/actor';
import { isDatabaseUnavailable } from '../database/database';
import { databaseUnavailable, DomainError, ErrorCode } from '../errors';
import { Services } from '../services';
import { createLoaders, Loaders } from './loaders';

export interface Context {
  readonly actor: Actor | null;
  /** Why the Authorization header was refused; raised only by operations that need a caller. */
  readonly authError: DomainError | null;
  readonly loaders: Loaders;
  readonly services: Services;
  /** The caller's IP address (brute-force limits are also kept per address). */
  readonly clientAddress: string;
}

export async function createContext(services: Services, authorization: string | undefined, clientAddress = 'unknown', options: { cacheLoaders?: boolean } = {}): Promise<Context> {
  const base = { loaders: createLoaders(services.db.manager, options.cacheLoaders ?? true), services, clientAddress };
  try {
    return { ...base, actor: await services.auth.authenticate(authorization), authError: null };
  } catch (error) {
    if (error instanceof DomainError) return { ...base, actor: null, authError: error };
    if (isDatabaseUnavailable(error)) return { ...base, actor: null, authError: databaseUnavailable() };
    throw error;
  }
}

/** The signed-in caller; resolvers behind `@Authorized()` always have one. */
export function actorOf(context: Context): Actor {
  if (context.authError) throw context.authError;
  if (!context.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first: send Authorization: Bearer <token>');
  return context.actor;
}
