import { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { Context } from '../graphql/context';

/**
 * `@Authorized()` means "a valid session or personal access token". What the caller may do in an
 * organization is decided by the services (role matrix + tenant scoping), where the data is.
 */
export class AuthChecker implements AuthCheckerInterface<Context> {
  check({ context }: ResolverData<Context>): boolean {
    if (context.authError) throw context.authError;
    return context.actor !== null;
  }
}
