import fc from 'fast-check';
import { ClientAddresses, hopAddress } from '../../server/shared/client-address';
import { limitKeyOf } from '../../server/shared/ip-ranges';
import { codeLinesMatching } from '../helpers/sources';

describe('the client address of a request (KEYWARD_TRUSTED_PROXIES)', () => {
  const addresses = new ClientAddresses(['127.0.0.1/32', '10.0.0.0/8']);
  const untrusted = fc.ipV4().filter((ip) => !ip.startsWith('10.') && ip !== '127.0.0.1');

  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says', () => {
    fc.assert(
      fc.property(untrusted, fc.array(fc.ipV4(), { maxLength: 4 }), (peer, hops) => {
        expect(addresses.of(peer, hops.join(', '))).toBe(peer);
      }),
    );
  });

  it('behind trusted proxies, is the right-most hop that is not one (left of it the client could forge)', () => {
    fc.assert(
      fc.property(fc.array(fc.ipV4(), { maxLength: 3 }), untrusted, fc.array(fc.constantFrom('10.0.0.1', '10.2.3.4', '127.0.0.1'), { maxLength: 3 }), (forged, client, proxies) => {
        expect(addresses.of('127.0.0.1', [...forged, client, ...proxies].join(', '))).toBe(client);
      }),
    );
  });

  it('reads a hop written with a port or brackets as its address, and keeps anything else as written', () => {
    const port = fc.integer({ min: 0, max: 65535 });
    fc.assert(
      fc.property(untrusted, fc.ipV6(), port, (v4, v6, p) => {
        for (const [written, address] of [[`${v4}:${p}`, v4], [v4, v4], [`[${v6}]`, v6], [`[${v6}]:${p}`, v6], [v6, v6]] as const) {
          expect([written, addresses.of('127.0.0.1', `${written}, 10.0.0.1`)]).toEqual([written, address]);
        }
      }),
    );
    for (const kept of ['unknown', '[2001:db8::1', '[2001:db8::1]x', '[203.0.113.7]', '203.0.113.7:', '203.0.113.7:123456', '2001:db8::1:80', 'host:80', '']) expect(hopAddress(kept)).toBe(kept);
  });

  it('without trusted proxies the header is ignored', () => {
    expect(new ClientAddresses([]).of('127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
    expect(addresses.of('127.0.0.1', undefined)).toBe('127.0.0.1');
  });
});

/**
 * The model of "one client" for limits, from the address's bits: an IPv4 address is itself in any
 * spelling (plain, IPv4-mapped dotted or hex); an IPv6 address is its first 64 bits. Addresses are
 * generated as numbers and written the ways a socket or a proxy may write them, so a key that
 * depends on the spelling, or on bits past the /64, fails.
 */
describe('the key per-address limits count under', () => {
  const hex = (n: number) => n.toString(16);
  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const v4Spellings = ([a, b, c, d]: number[]) => [`${a}.${b}.${c}.${d}`, `::ffff:${a}.${b}.${c}.${d}`, `::FFFF:${hex(a! * 256 + b!)}:${hex(c! * 256 + d!)}`, `0:0:0:0:0:ffff:${a}.${b}.${c}.${d}`];
  // Not IPv4-mapped: the first 80 bits are not all zero.
  const v6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).filter((parts) => parts.slice(0, 5).some((p) => p !== 0));
  const v6Spellings = (parts: number[]) => [
    parts.map(hex).join(':'),
    parts.map((p) => hex(p).padStart(4, '0').toUpperCase()).join(':'),
    new URL(`http://[${parts.map(hex).join(':')}]/`).hostname.slice(1, -1),
  ];
  const sameNetwork = (x: number[], y: number[]) => x.slice(0, 4).every((p, i) => p === y[i]);

  it('is the IPv4 address itself, however it is written', () => {
    fc.assert(
      fc.property(v4, (parts) => {
        for (const written of v4Spellings(parts)) expect([written, limitKeyOf(written)]).toEqual([written, parts.join('.')]);
      }),
    );
  });

  it('is one key per /64 for IPv6, whatever the low bits and the spelling, and never an IPv4 key', () => {
    fc.assert(
      fc.property(v6, v6, fc.array(fc.nat(0xffff), { minLength: 4, maxLength: 4 }), v4, (x, y, low, four) => {
        const neighbour = [...x.slice(0, 4), ...low];
        const keys = (parts: number[]) => new Set(v6Spellings(parts).map(limitKeyOf));
        expect(keys(x).size).toBe(1);
        expect([...keys(x)]).toEqual([...keys(neighbour)]);
        expect([...keys(x)][0] === [...keys(y)][0]).toBe(sameNetwork(x, y));
        expect(keys(x).has(limitKeyOf(four.join('.')))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('of a request, keeps the address for allowlists and gives its key for limits', () => {
    const addresses = new ClientAddresses(['127.0.0.1/32']);
    const request = (peer: string, forwarded?: string) => ({ socket: { remoteAddress: peer }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as never;
    expect(addresses.ofRequest(request('127.0.0.1', '2001:db8:1:2:3:4:5:6'))).toEqual({ ip: '2001:db8:1:2:3:4:5:6', limitKey: '2001:db8:1:2::/64' });
    expect(addresses.ofRequest(request('::ffff:198.51.100.7'))).toEqual({ ip: '::ffff:198.51.100.7', limitKey: '198.51.100.7' });
    expect(addresses.ofRequest(request('198.51.100.7'))).toEqual({ ip: '198.51.100.7', limitKey: '198.51.100.7' });
  });
});

describe('no code reads the peer address or X-Forwarded-For but ClientAddresses', () => {
  // Fastify's request.ip, Node's socket.remoteAddress, the header by name.
  const addressRead = /\b(request|req)\.ip\b|\.remoteAddress\b|x-forwarded-for/i;

  it('finds an address read in the code it is meant to catch', () => {
    for (const line of ['guesses.fail(request.ip);', 'createContext(services, a, ctx.extra.request.socket.remoteAddress)', "addresses.of(request.ip, request.headers['x-forwarded-for'])"]) {
      expect(line).toMatch(addressRead);
    }
  });

  it('only server/shared/client-address.ts reads one', () => {
    expect(codeLinesMatching(addressRead, ['shared/client-address.ts'])).toEqual([]);
  });
});

describe('no limit counts a client by its bare address', () => {
  // A client's `ip` read (verify's request fields `body.ip` and `call.ip` are the caller's, not a client's).
  const ipRead = /(?<!\b(body|call))\.ip\b/;
  // What `ip` is for: asking an allowlist, or naming the address in a message.
  const allowlistOrMessage = /admitClient\(|ipAllowed\(|allows\(|`[^`]*\$\{[^}]*\.ip\b/;
  const misuses = (lines: string[]) => lines.filter((line) => !allowlistOrMessage.test(line));

  it('finds the uses it is meant to catch, and passes the ones it is not', () => {
    const caught = ['await this.rateLimits.consume(rules.perAddress, client.ip, "Too many");', 'const address = addresses.ofRequest(request.raw).ip;', 'const limitKey = clientAttemptKey(clientId, address.ip);'];
    const passed = ['const refusal = verifier.admitClient(credential, address.ip);', 'throw new OAuthError("x", `Requests from ${address.ip.slice(0, 64)} are not allowed`);', 'const call = { cost: body.cost, ip: body.ip };', 'ipAllowed(usage, call.ip)'];
    expect(misuses(caught.filter((line) => ipRead.test(line)))).toEqual(caught);
    expect(misuses(passed.filter((line) => ipRead.test(line)))).toEqual([]);
  });

  it('a client\'s ip is read only to ask an allowlist or to name it; limits take limitKey', () => {
    expect(misuses(codeLinesMatching(ipRead, []))).toEqual([]);
  });
});
