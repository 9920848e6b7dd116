import fc from 'fast-check';
import { ClientAddresses } from '../../server/shared/client-address';
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

  it('without trusted proxies the header is ignored', () => {
    expect(new ClientAddresses([]).of('127.0.0.1', '203.0.113.9')).toBe('127.0.0.1');
    expect(addresses.of('127.0.0.1', undefined)).toBe('127.0.0.1');
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
