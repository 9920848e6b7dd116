import { IPv6 } from 'ipaddr.js';
import { BlockList, isIP } from 'node:net';

/*
 * Addresses and CIDR ranges, as IP allowlists (SPEC 7) and KEYWARD_TRUSTED_PROXIES write them:
 * parsed, compiled to a `net.BlockList` once, and asked.
 */

/** `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `v6/n`, as `{ address, prefix, family }`; null when it is none of these. */
export function parseIpRange(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  if (typeof entry !== 'string' || entry.length > 64) return null;
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (slash >= 0) {
    const text = entry.slice(slash + 1);
    if (!/^\d{1,3}$/.test(text) || Number(text) > max) return null;
    prefix = Number(text);
  }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * The allowlist as a `net.BlockList` (used as an allow list: `check` answers true inside it).
 * IPv4 entries also admit their IPv4-mapped IPv6 form (::ffff:a.b.c.d), as a dual-stack socket reports them.
 */
export function compileAllowlist(entries: readonly string[] | null): BlockList | null {
  if (entries === null || entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const range = parseIpRange(entry);
    if (range === null) continue;
    if (range.family === 'ipv4') {
      list.addSubnet(range.address, range.prefix, 'ipv4');
      list.addSubnet(`::ffff:${range.address}`, 96 + range.prefix, 'ipv6');
    } else {
      list.addSubnet(range.address, range.prefix, 'ipv6');
    }
  }
  return list;
}

/** Addresses whose answer is remembered per list (a list is never changed once compiled). */
const REMEMBERED_ADDRESSES = 16;
const decisions = new WeakMap<BlockList, Map<string, boolean>>();

/**
 * Whether `ip` (a valid address) is inside the list. BlockList.check builds a SocketAddress per
 * call, the largest cost of an allowlisted verify; the few addresses a key is called from are
 * answered from a small memory per list instead (cleared when full, so bounded per list).
 */
export function allows(list: BlockList, ip: string): boolean {
  let known = decisions.get(list);
  if (known === undefined) {
    known = new Map();
    decisions.set(list, known);
  }
  const remembered = known.get(ip);
  if (remembered !== undefined) return remembered;
  const version = isIP(ip);
  const allowed = version !== 0 && list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  if (known.size >= REMEMBERED_ADDRESSES) known.clear();
  known.set(ip, allowed);
  return allowed;
}

/** IPv6 keys remembered (parsing takes microseconds; the addresses calling an instance are few). */
const REMEMBERED_KEYS = 4096;
const limitKeys = new Map<string, string>();

/**
 * The key a per-address limit counts `ip` under: an IPv4 address itself, also written IPv4-mapped
 * (`::ffff:a.b.c.d` or `::ffff:a00:1`); an IPv6 address its /64, written `2001:db8:1:2::/64`
 * whatever the spelling it came in. Text that is not an address is its own key. This runs on every
 * service-token request: IPv4 text is returned as it is, and IPv6 keys are remembered (a bounded
 * memory, cleared when full), so a dual-stack socket's `::ffff:` peers do not parse per request.
 */
export function limitKeyOf(ip: string): string {
  if (ip.indexOf(':') < 0) return ip;
  const known = limitKeys.get(ip);
  if (known !== undefined) return known;
  const key = ipv6LimitKey(ip);
  if (limitKeys.size >= REMEMBERED_KEYS) limitKeys.clear();
  limitKeys.set(ip, key);
  return key;
}

function ipv6LimitKey(ip: string): string {
  let address: IPv6;
  try {
    address = IPv6.parse(ip);
  } catch {
    return ip;
  }
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  const [a, b, c, d] = address.parts;
  return `${a!.toString(16)}:${b!.toString(16)}:${c!.toString(16)}:${d!.toString(16)}::/64`;
}
