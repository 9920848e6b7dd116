import fc from 'fast-check';
import { checkWebhookUrl } from '../../server/shared/validation';
import { ipv6Bytes, isSpecialPurposeAddress, isSpecialPurposeName, SPECIAL_PURPOSE_IPV4, SPECIAL_PURPOSE_IPV6, SpecialPurposeRow } from '../../server/shared/special-addresses';

/**
 * The classifier is tested as a pure function only: nothing here connects anywhere. Every row of
 * the table is checked at its first and last address, and a reference model (BigInt arithmetic
 * over the same table, independent of node:net's BlockList) is compared on arbitrary addresses.
 */

const v4ToInt = (ip: string): bigint => ip.split('.').reduce((n, part) => (n << 8n) | BigInt(part), 0n);
const intToV4 = (n: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
const v6ToInt = (ip: string): bigint => Array.from(ipv6Bytes(ip)!).reduce((n, b) => (n << 8n) | BigInt(b), 0n);
const intToV6 = (n: bigint): string => Array.from({ length: 8 }, (_, i) => ((n >> BigInt((7 - i) * 16)) & 0xffffn).toString(16)).join(':');

const rangeOf = (row: SpecialPurposeRow, bits: number, toInt: (ip: string) => bigint): [bigint, bigint] => {
  const first = toInt(row.prefix);
  return [first, first + (1n << BigInt(bits - row.length)) - 1n];
};

/** The reference model: plain range arithmetic over the table. */
function model(ip: string): boolean {
  if (ip.includes('.') && !ip.includes(':')) {
    const n = v4ToInt(ip);
    return SPECIAL_PURPOSE_IPV4.some((row) => {
      const [lo, hi] = rangeOf(row, 32, v4ToInt);
      return n >= lo && n <= hi;
    });
  }
  const n = v6ToInt(ip);
  for (const row of SPECIAL_PURPOSE_IPV6) {
    const [lo, hi] = rangeOf(row, 128, v6ToInt);
    if (n < lo || n > hi) continue;
    if (row.embeddedIPv4At === undefined) return true;
    const shift = BigInt((16 - row.embeddedIPv4At - 4) * 8);
    return model(intToV4((n >> shift) & 0xffffffffn));
  }
  return false;
}

describe('special-purpose address table (IANA registries)', () => {
  it.each(SPECIAL_PURPOSE_IPV4.map((row) => [`${row.prefix}/${row.length} ${row.name}`, row] as const))('IPv4 %s: first and last address refused', (_label, row) => {
    const [lo, hi] = rangeOf(row, 32, v4ToInt);
    expect(isSpecialPurposeAddress(intToV4(lo))).toBe(true);
    expect(isSpecialPurposeAddress(intToV4(hi))).toBe(true);
  });

  it.each(SPECIAL_PURPOSE_IPV6.filter((row) => row.embeddedIPv4At === undefined).map((row) => [`${row.prefix}/${row.length} ${row.name}`, row] as const))('IPv6 %s: first and last address refused', (_label, row) => {
    const [lo, hi] = rangeOf(row, 128, v6ToInt);
    expect(isSpecialPurposeAddress(intToV6(lo))).toBe(true);
    expect(isSpecialPurposeAddress(intToV6(hi))).toBe(true);
  });

  it('includes every range the review listed', () => {
    const refused = ['0.1.2.3', '10.0.0.1', '100.64.0.1', '100.127.255.255', '100.100.100.200', '127.0.0.1', '127.255.255.254', '169.254.169.254', '172.16.0.1', '172.31.255.255', '192.0.0.1', '192.0.0.192', '192.0.2.10', '192.88.99.1', '192.168.1.1', '198.18.0.1', '198.19.255.255', '198.51.100.7', '203.0.113.9', '224.0.0.1', '239.255.255.255', '240.0.0.1', '255.255.255.255',
      '::', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '::ffff:10.0.0.1', '64:ff9b::127.0.0.1', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b:1::1', '64:ff9b:1:ffff::5db8:d822', '100::1', '2001::1', '2001:0:5db8:d822::1', '2001:2::1', '2001:db8::1', '2002:7f00:1::', '2002:a9fe:a9fe::1', '2002:c0a8:101::1', 'fc00::1', 'fd00:ec2::254', 'fe80::1', 'ff02::1', '::127.0.0.1', 'fec0::1'];
    for (const ip of refused) expect([ip, isSpecialPurposeAddress(ip)]).toEqual([ip, true]);
    const allowed = ['93.184.216.34', '1.1.1.1', '8.8.8.8', '100.63.255.255', '100.128.0.0', '172.15.255.255', '172.32.0.0', '192.0.1.1', '192.169.0.1', '198.17.255.255', '198.20.0.0', '223.255.255.255', '2606:4700:4700::1111', '::ffff:5db8:d822', '::ffff:93.184.216.34', '64:ff9b::5db8:d822', '2002:5db8:d822::1', '2001:4860:4860::8888', '2a00:1450::1'];
    for (const ip of allowed) expect([ip, isSpecialPurposeAddress(ip)]).toEqual([ip, false]);
  });

  it('refuses what is not an address at all', () => {
    for (const text of ['', 'localhost', '127.1', '0x7f000001', '::ffff:999.0.0.1', 'fe80::1%eth0']) expect([text, isSpecialPurposeAddress(text)]).toEqual([text, true]);
  });

  it('agrees with the range model on arbitrary IPv4 and IPv6 addresses', () => {
    const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
    // Bias IPv6 towards the interesting prefixes so that every row is hit often.
    const prefixes = [...SPECIAL_PURPOSE_IPV6.map((row) => row.prefix), '2606:4700::', '2a00::', '2001:4860::'];
    const v6 = fc.tuple(fc.constantFrom(...prefixes), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.nat(120)).map(([prefix, random, keep]) => {
      const mask = (1n << BigInt(128 - keep)) - 1n;
      return intToV6((v6ToInt(prefix) & ~mask) | (random & mask));
    });
    fc.assert(fc.property(fc.oneof(v4, v6), (ip) => expect([ip, isSpecialPurposeAddress(ip)]).toEqual([ip, model(ip)])), { numRuns: 3000 });
  });

  it('classifies an IPv4 address the same however it is written inside IPv6 (mapped, NAT64, 6to4)', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), (parts) => {
        const ip = parts.join('.');
        const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
        const [a, b, c, d] = parts;
        const expected = isSpecialPurposeAddress(ip);
        for (const written of [`::ffff:${ip}`, `::ffff:${hex(a, b)}:${hex(c, d)}`, `64:ff9b::${ip}`, `64:ff9b::${hex(a, b)}:${hex(c, d)}`, `2002:${hex(a, b)}:${hex(c, d)}::1`]) {
          expect([written, isSpecialPurposeAddress(written)]).toEqual([written, expected]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses internal and cloud-metadata host names', () => {
    for (const name of ['localhost', 'api.localhost', 'metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'db.internal', 'printer.local', 'router.home.arpa', 'intranet']) expect([name, isSpecialPurposeName(name)]).toEqual([name, true]);
    for (const name of ['example.com', 'hooks.example.com', 'api.stripe.com.']) expect([name, isSpecialPurposeName(name)]).toEqual([name, false]);
  });
});

describe('checkWebhookUrl (save time)', () => {
  it.each([
    'https://[::ffff:7f00:1]/h',
    'https://[::ffff:127.0.0.1]/h',
    'https://[64:ff9b::a9fe:a9fe]/h',
    'https://[2002:7f00:1::1]/h',
    'https://198.18.0.1/h',
    'https://192.0.0.170/h',
    'https://100.64.0.1/h',
    'https://2130706433/h',
    'https://0x7f.1/h',
    'https://127.1/h',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://localhost./h',
  ])('refuses %s with a message that names the setting and no address', (url) => {
    let problem: unknown;
    try {
      checkWebhookUrl('webhookUrl', url, false);
    } catch (error) {
      problem = error;
    }
    const details = (problem as { code?: string; details?: { fields?: Array<{ message: string }> } }).details;
    expect((problem as { code?: string }).code).toBe('BAD_USER_INPUT');
    expect(details?.fields?.[0]?.message).toMatch(/^address not allowed/);
    expect(details?.fields?.[0]?.message).toContain('KEYWARD_WEBHOOK_ALLOW_PRIVATE');
  });

  it('plain http names the setting too; with the setting, local targets are accepted', () => {
    expect(() => checkWebhookUrl('u', 'http://example.com/h', false)).toThrow(/KEYWARD_WEBHOOK_ALLOW_PRIVATE/);
    expect(checkWebhookUrl('u', 'http://127.0.0.1:8080/h', true)).toBe('http://127.0.0.1:8080/h');
    expect(checkWebhookUrl('u', 'https://hooks.example.com/h', false)).toBe('https://hooks.example.com/h');
  });
});
