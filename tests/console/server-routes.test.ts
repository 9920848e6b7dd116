import fc from 'fast-check';
import { CONSOLE_ROOTS, isConsoleRoute } from '../../server/http/console.plugin';
import { paths, parseRoute } from '../../console/src/routing/router';

describe('the server knows the console\'s routes', () => {
  it('every path the console links to falls back to the console', () => {
    const id = fc.sample(fc.stringMatching(/^[a-z]{3}_[a-z0-9]{6}$/), 1)[0]!;
    const links = [paths.applications(id), paths.applications(id, 3), paths.application(id, id), paths.members(id), paths.audit(id), paths.webhooks(id), paths.settings(id), paths.platform(), paths.account(), paths.exchange(), paths.explorer(), '/'];
    for (const link of links) {
      expect({ link, console: isConsoleRoute('GET', link) }).toEqual({ link, console: true });
      expect(parseRoute(link.split('?')[0]!, '').name).not.toBe('notFound');
    }
  });

  it('a first segment the console does not route is never a console route', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z.-]{1,12}$/), fc.stringMatching(/^[a-z0-9]{0,8}$/), (first, rest) => {
        const path = `/${first}${rest ? `/${rest}` : ''}`;
        if (parseRoute(path, '').name === 'notFound' && !CONSOLE_ROOTS.has(first)) expect(isConsoleRoute('GET', path)).toBe(false);
        if (isConsoleRoute('GET', path)) expect(CONSOLE_ROOTS.has(first)).toBe(true);
      }),
    );
  });
});
