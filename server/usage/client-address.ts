import { BlockList } from 'node:net';
import { allows, compileAllowlist } from './usage-rules';

/**
 * The address a token request comes from (SPEC 7): the socket's peer, unless that peer is a
 * trusted proxy (KEYWARD_TRUSTED_PROXIES); then X-Forwarded-For is read from the right, skipping
 * trusted proxies, and the first address that is not one is the client. Entries a client could
 * have forged (left of an untrusted hop) are never reached.
 */
export class ClientAddresses {
  private readonly trusted: BlockList | null;

  constructor(trustedProxies: readonly string[]) {
    this.trusted = compileAllowlist(trustedProxies);
  }

  of(peer: string, forwardedFor: string | string[] | undefined): string {
    const trusted = this.trusted;
    if (trusted === null || forwardedFor === undefined || !allows(trusted, peer)) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((hop) => hop.trim()).filter(Boolean);
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = hops[i]!;
      if (!allows(trusted, client)) break;
      client = hop;
    }
    return client;
  }
}
