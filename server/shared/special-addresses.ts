import { BlockList, isIP } from 'node:net';

/**
 * The addresses a webhook must never reach, in ONE table, row by row from the IANA registries:
 * - IPv4 Special-Purpose Address Registry, https://www.iana.org/assignments/iana-ipv4-special-registry
 * - IPv6 Special-Purpose Address Registry, https://www.iana.org/assignments/iana-ipv6-special-registry
 * - plus the multicast blocks (IANA IPv4/IPv6 Multicast Address Space registries) and the
 *   deprecated IPv6 blocks that still route somewhere unexpected.
 *
 * Every row of the special-purpose registries is here except the few that IANA marks globally
 * reachable AND that sit outside a larger blocked row (AS112 192.31.196.0/24 and 192.175.48.0/24,
 * AMT 192.52.193.0/24): those are ordinary anycast services on the Internet. Rows whose address
 * carries an IPv4 address inside it (IPv4-mapped, NAT64 well-known prefix, 6to4) are not refused
 * as a whole: the embedded IPv4 address is extracted and checked against the IPv4 rows, because
 * connecting to them reaches that IPv4 address.
 */
export interface SpecialPurposeRow {
  readonly prefix: string;
  readonly length: number;
  /** The registry's name for the block. */
  readonly name: string;
  readonly rfc: string;
  /** Where the embedded IPv4 address sits (byte offset in the 16-byte address), for rows that carry one. */
  readonly embeddedIPv4At?: number;
}

export const SPECIAL_PURPOSE_IPV4: readonly SpecialPurposeRow[] = [
  { prefix: '0.0.0.0', length: 8, name: '"This network"', rfc: 'RFC 791' },
  { prefix: '10.0.0.0', length: 8, name: 'Private-Use', rfc: 'RFC 1918' },
  { prefix: '100.64.0.0', length: 10, name: 'Shared Address Space (CGNAT; also cloud metadata such as 100.100.100.200)', rfc: 'RFC 6598' },
  { prefix: '127.0.0.0', length: 8, name: 'Loopback', rfc: 'RFC 1122' },
  { prefix: '169.254.0.0', length: 16, name: 'Link Local (cloud metadata 169.254.169.254)', rfc: 'RFC 3927' },
  { prefix: '172.16.0.0', length: 12, name: 'Private-Use', rfc: 'RFC 1918' },
  { prefix: '192.0.0.0', length: 24, name: 'IETF Protocol Assignments (incl. DS-Lite 192.0.0.0/29, NAT64 discovery 192.0.0.170/31, 192.0.0.192 metadata)', rfc: 'RFC 6890' },
  { prefix: '192.0.2.0', length: 24, name: 'Documentation (TEST-NET-1)', rfc: 'RFC 5737' },
  { prefix: '192.88.99.0', length: 24, name: 'Deprecated (6to4 Relay Anycast)', rfc: 'RFC 7526' },
  { prefix: '192.168.0.0', length: 16, name: 'Private-Use', rfc: 'RFC 1918' },
  { prefix: '198.18.0.0', length: 15, name: 'Benchmarking', rfc: 'RFC 2544' },
  { prefix: '198.51.100.0', length: 24, name: 'Documentation (TEST-NET-2)', rfc: 'RFC 5737' },
  { prefix: '203.0.113.0', length: 24, name: 'Documentation (TEST-NET-3)', rfc: 'RFC 5737' },
  { prefix: '224.0.0.0', length: 4, name: 'Multicast', rfc: 'RFC 5771' },
  { prefix: '240.0.0.0', length: 4, name: 'Reserved', rfc: 'RFC 1112' },
  { prefix: '255.255.255.255', length: 32, name: 'Limited Broadcast', rfc: 'RFC 919' },
];

export const SPECIAL_PURPOSE_IPV6: readonly SpecialPurposeRow[] = [
  { prefix: '::', length: 128, name: 'Unspecified Address', rfc: 'RFC 4291' },
  { prefix: '::1', length: 128, name: 'Loopback Address', rfc: 'RFC 4291' },
  { prefix: '::', length: 96, name: 'Deprecated IPv4-Compatible Address', rfc: 'RFC 4291' },
  { prefix: '::ffff:0:0', length: 96, name: 'IPv4-mapped Address', rfc: 'RFC 4291', embeddedIPv4At: 12 },
  { prefix: '64:ff9b::', length: 96, name: 'IPv4-IPv6 Translat. (NAT64)', rfc: 'RFC 6052', embeddedIPv4At: 12 },
  // The local-use NAT64 prefix may embed IPv4 at any RFC 6052 position and is never globally reachable.
  { prefix: '64:ff9b:1::', length: 48, name: 'IPv4-IPv6 Translat. (local-use NAT64)', rfc: 'RFC 8215' },
  { prefix: '100::', length: 64, name: 'Discard-Only Address Block', rfc: 'RFC 6666' },
  { prefix: '100:0:0:1::', length: 64, name: 'Dummy IPv6 Prefix', rfc: 'RFC 9780' },
  { prefix: '2001::', length: 23, name: 'IETF Protocol Assignments (incl. TEREDO 2001::/32, Benchmarking 2001:2::/48, ORCHIDv2)', rfc: 'RFC 2928' },
  { prefix: '2001:db8::', length: 32, name: 'Documentation', rfc: 'RFC 3849' },
  { prefix: '2002::', length: 16, name: '6to4', rfc: 'RFC 3056', embeddedIPv4At: 2 },
  { prefix: '3fff::', length: 20, name: 'Documentation', rfc: 'RFC 9637' },
  { prefix: '5f00::', length: 16, name: 'Segment Routing (SRv6) SIDs', rfc: 'RFC 9602' },
  { prefix: 'fc00::', length: 7, name: 'Unique-Local (cloud metadata fd00:ec2::254)', rfc: 'RFC 4193' },
  { prefix: 'fe80::', length: 10, name: 'Link-Local Unicast', rfc: 'RFC 4291' },
  { prefix: 'fec0::', length: 10, name: 'Deprecated Site-Local', rfc: 'RFC 3879' },
  { prefix: 'ff00::', length: 8, name: 'Multicast', rfc: 'RFC 4291' },
];

/**
 * Host names refused when a URL is saved (delivery re-checks what they resolve to): names that
 * only mean something inside the server's own network, and the cloud metadata services' names.
 */
export const SPECIAL_PURPOSE_NAMES: readonly string[] = ['localhost', 'metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal'];
/** Special-use domain suffixes (IANA Special-Use Domain Names registry and de-facto internal ones). */
export const SPECIAL_PURPOSE_SUFFIXES: readonly string[] = ['.localhost', '.local', '.internal', '.home.arpa', '.lan', '.intranet', '.corp'];

function blockListOf(rows: readonly SpecialPurposeRow[], family: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const row of rows) if (row.embeddedIPv4At === undefined) list.addSubnet(row.prefix, row.length, family);
  return list;
}

const IPV4_BLOCKS = blockListOf(SPECIAL_PURPOSE_IPV4, 'ipv4');
const IPV6_BLOCKS = blockListOf(SPECIAL_PURPOSE_IPV6, 'ipv6');
const EMBEDDING_ROWS = SPECIAL_PURPOSE_IPV6.filter((row) => row.embeddedIPv4At !== undefined).map((row) => ({ row, bytes: ipv6Bytes(row.prefix)! }));

/** The 16 bytes of an IPv6 address (with `::` and a dotted IPv4 tail), or null when it is not one. */
export function ipv6Bytes(address: string): Uint8Array | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    tail.push(...dotted.slice(1, 5).map(Number));
    text = text.slice(0, dotted.index) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groupsOf = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const left = groupsOf(head);
  const right = groupsOf(rest);
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  if (groups.length !== 8) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 255;
  });
  if (dotted) bytes.set(tail, 12);
  return bytes;
}

function matchesPrefix(bytes: Uint8Array, prefix: Uint8Array, length: number): boolean {
  for (let bit = 0; bit < length; bit += 8) {
    const take = Math.min(8, length - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8]! & mask) !== (prefix[bit / 8]! & mask)) return false;
  }
  return true;
}

/**
 * True when a webhook must not connect to this address: inside a row of the table, or carrying an
 * IPv4 address (IPv4-mapped, NAT64, 6to4) that is. Anything that is not an IP address is refused.
 */
export function isSpecialPurposeAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return IPV4_BLOCKS.check(address, 'ipv4');
  if (family !== 6) return true;
  const bytes = ipv6Bytes(address);
  if (!bytes) return true;
  for (const { row, bytes: prefix } of EMBEDDING_ROWS) {
    if (matchesPrefix(bytes, prefix, row.length)) {
      const at = row.embeddedIPv4At!;
      return isSpecialPurposeAddress(Array.from(bytes.subarray(at, at + 4)).join('.'));
    }
  }
  const canonical = Array.from({ length: 8 }, (_, i) => ((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16)).join(':');
  return IPV6_BLOCKS.check(canonical, 'ipv6');
}

/** True for host names refused when saved (see SPECIAL_PURPOSE_NAMES); single-label names resolve through search domains. */
export function isSpecialPurposeName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return !name.includes('.') || SPECIAL_PURPOSE_NAMES.includes(name) || SPECIAL_PURPOSE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}
