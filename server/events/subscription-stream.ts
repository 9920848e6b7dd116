import { Repeater } from '@graphql-yoga/subscription';
import { actorOf, Context } from '../graphql/context';
import { Permission } from '../auth/roles';
import { DomainError } from '../errors';

/** What a guarded subscription yields: the next message, or why the subscriber was cut off. */
export type Guarded<T> = { readonly message: T; readonly denied?: undefined } | { readonly denied: DomainError; readonly message?: undefined };

/**
 * Opens an organization's topic for the caller: the caller must be able to read the organization
 * now (NOT_FOUND across tenants), and is checked again before each message is delivered, so a
 * removed member or a revoked token stops receiving (one error, then the subscription completes).
 */
export async function organizationStream<T>(ctx: Context, organizationId: string, open: (organizationId: string) => AsyncIterable<T>, keep: (message: T) => boolean = () => true): Promise<AsyncIterable<Guarded<T>>> {
  const actor = actorOf(ctx);
  const { organization } = await ctx.services.access.require(ctx.services.db.manager, actor, organizationId, Permission.READ);
  const source = open(organization.id);
  const access = ctx.services.events.subscriberAccess;
  return new Repeater<Guarded<T>>(async (push, stop) => {
    const iterator = source[Symbol.asyncIterator]();
    // Repeater lets a client's unsubscribe end the stream while it waits for the next message.
    void stop.then(() => iterator.return?.());
    let next: IteratorResult<T>;
    while (!(next = await iterator.next()).done) {
      if (!keep(next.value)) continue;
      const denied = await access.deny(actor, organization);
      if (denied) {
        await push({ denied });
        break;
      }
      await push({ message: next.value });
    }
    stop();
  });
}

/** Unwraps a guarded message in a subscription's resolver (a denial becomes the GraphQL error). */
export function delivered<T>(guarded: Guarded<T>): T {
  if (guarded.denied) throw guarded.denied;
  return guarded.message as T;
}
