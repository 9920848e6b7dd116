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
}

export async function createContext(services: Services, authorization: string | undefined): Promise<Context> {
  const loaders = createLoaders(services.db.manager);
  try {
    return { actor: await services.auth.authenticate(authorization), authError: null, loaders, services };
  } catch (error) {
    if (error instanceof DomainError) return { actor: null, authError: error, loaders, services };
    if (isDatabaseUnavailable(error)) return { actor: null, authError: databaseUnavailable(), loaders, services };
    throw error;
  }
}

/** The signed-in caller; resolvers behind `@Authorized()` always have one. */
export function actorOf(context: Context): Actor {
  if (context.authError) throw context.authError;
  if (!context.actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in first: send Authorization: Bearer <token>');
  return context.actor;
}
