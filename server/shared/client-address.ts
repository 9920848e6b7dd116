import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { allows, compileAllowlist, limitKeyOf } from './ip-ranges';

/** What a request's client address is read from: Node's request, under Fastify or a WebSocket upgrade. */
export type AddressedRequest = Pick<IncomingMessage, 'socket' | 'headers'>;

/**
 * Who a request comes from, in the two forms the server asks about. Every per-address limit takes
 * the client whole and counts under `limitKey`; only allowlists and messages read `ip`.
 */
export interface ClientAddress {
  /** The address as the socket or a trusted proxy gave it: IP allowlists are asked about it, messages name it. */
  readonly ip: string;
  /**
   * What per-address limits count under (README, "Limits per client address"): an IPv4 address
   * itself, also when written IPv4-mapped (::ffff:a.b.c.d); an IPv6 address its /64, the network a
   * single subscriber is given, whose low bits change daily with privacy addresses (RFC 4941) and
   * are free for an attacker to vary.
   */
  readonly limitKey: string;
}

/** A client at `ip`, with the key its limits count under. */
export const clientAt = (ip: string): ClientAddress => ({ ip, limitKey: limitKeyOf(ip) });

/**
 * An X-Forwarded-For entry as an address. Some balancers write a port or brackets (`203.0.113.7:51234`,
 * `[2001:db8::1]`, `[2001:db8::1]:51234`); the port is the client's, not part of who it is, so it
 * would otherwise give every connection a fresh budget and fail every allowlist. Anything else is
 * kept as written.
 */
export function hopAddress(hop: string): string {
  if (hop.startsWith('[')) {
    const end = hop.indexOf(']');
    const rest = end < 0 ? '' : hop.slice(end + 1);
    return end > 1 && (rest === '' || /^:\d{1,5}$/.test(rest)) && isIP(hop.slice(1, end)) === 6 ? hop.slice(1, end) : hop;
  }
  const colon = hop.indexOf(':');
  if (colon > 0 && colon === hop.lastIndexOf(':') && /^\d{1,5}$/.test(hop.slice(colon + 1)) && isIP(hop.slice(0, colon)) === 4) return hop.slice(0, colon);
  return hop;
}

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

  /** The client of a request (Fastify's `request.raw`, or a WebSocket's upgrade request). */
  ofRequest(request: AddressedRequest): ClientAddress {
    return clientAt(this.of(request.socket.remoteAddress ?? 'unknown', request.headers['x-forwarded-for']));
  }

  of(peer: string, forwardedFor: string | string[] | undefined): string {
    const trusted = this.trusted;
    if (trusted === null || forwardedFor === undefined || !allows(trusted, peer)) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((hop) => hop.trim()).filter(Boolean);
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      if (!allows(trusted, client)) break;
      client = hopAddress(hops[i]!);
    }
    return client;
  }
}
