import type { IncomingMessage } from 'node:http';
import { BlockList } from 'node:net';
import { allows, compileAllowlist } from './ip-ranges';

/** What a request's client address is read from: Node's request, under Fastify or a WebSocket upgrade. */
export type AddressedRequest = Pick<IncomingMessage, 'socket' | 'headers'>;

/**
 * The address a request comes from, wherever an address matters: IP allowlists, and every limit
 * counted per address (sign-in, second factors, wrong service tokens, client authentication).
 * It is the socket's peer, unless that peer is a trusted proxy (KEYWARD_TRUSTED_PROXIES); then
 * X-Forwarded-For is read from the right, skipping trusted proxies, and the first address that is
 * not one is the client. Entries a client could have forged (left of an untrusted hop) are never
 * reached. Nothing else in the server reads the peer address or X-Forwarded-For, so a limit behind
 * a load balancer counts each client, never the balancer.
 */
export class ClientAddresses {
  private readonly trusted: BlockList | null;

  constructor(trustedProxies: readonly string[]) {
    this.trusted = compileAllowlist(trustedProxies);
  }

  /** The client address of a request (Fastify's `request.raw`, or a WebSocket's upgrade request). */
  ofRequest(request: AddressedRequest): string {
    return this.of(request.socket.remoteAddress ?? 'unknown', request.headers['x-forwarded-for']);
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
