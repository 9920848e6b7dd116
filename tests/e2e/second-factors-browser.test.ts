import { createServer } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { totpCode } from '../../server/auth/totp';
import { createMember, createOrganization, createUser } from '../helpers/fixtures';
import { startTestServer, TestServer } from '../helpers/server';
import { chromiumAvailable, CHROMIUM_PATH, ensureConsoleBuilt, launchConsoleBrowser, type ConsoleBrowser } from './console-browser';

/**
 * Passkeys end to end (SPEC 10) in Debian's Chromium with a CDP virtual authenticator, and the
 * console's forced enrolment under keyPolicy.requireMfa. WebAuthn needs a secure context:
 * http://localhost is one, so the console is opened on localhost and the relying party id is
 * derived from KEYWARD_ISSUER (README, Sign-in and second factors).
 */
const available = chromiumAvailable();
if (!available && process.env.CI) {
  test('Chromium is installed for the second-factor browser tests', () => {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (required when CI is set)`);
  });
} else if (!available) {
  console.warn(`\n*** No Chromium at ${CHROMIUM_PATH}: the second-factor browser tests are SKIPPED. apt-get install -y chromium ***\n`);
}

/** A free loopback port, so the issuer (and so the WebAuthn origin) is known before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

(available ? describe : describe.skip)('second factors in Chromium', () => {
  let t: TestServer;
  let browser: ConsoleBrowser;
  let origin: string;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    const port = await freePort();
    origin = `http://localhost:${port}`;
    t = await startTestServer('sqlite', { PORT: String(port), KEYWARD_ISSUER: origin });
    browser = await launchConsoleBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(): Promise<{ page: Page; cdp: CDPSession }> {
    const page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const cdp = await browser.context.newCDPSession(page);
    return { page, cdp };
  }

  async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
    await page.goto(origin);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  test('passkey: enrol from the console, sign in with it, remove it', async () => {
    const user = await createUser(t, 'passkey');
    const { page, cdp } = await newPage();
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });

    await signIn(page, user);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('link', { name: user.email }).click();
    await page.getByRole('heading', { name: 'Second factors' }).waitFor();
    await page.getByLabel('Current password').fill(user.password);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    // The first factor comes with recovery codes, shown once.
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('table', { name: 'Your second factors' }).getByRole('cell', { name: 'Passkey', exact: true }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.rpId).toBe('localhost');

    // Sign out, and in again: the password is not enough, the passkey is.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, user);
    await page.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const after = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0]!;
    expect(after.signCount).toBeGreaterThan(credentials[0]!.signCount);
    const factors = (await t.server.services.secondFactors.list(user.id)).map((f) => ({ kind: f.kind, used: f.lastUsedAt !== null }));
    expect(factors).toEqual([{ kind: 'PASSKEY', used: true }]);

    // Remove it (password again): sign-in is one step once more.
    await page.getByRole('link', { name: user.email }).click();
    await page.getByLabel('Current password').fill(user.password);
    await page.getByRole('button', { name: 'Remove Passkey' }).click();
    await page.getByText('No second factor yet.').waitFor();
    const login = await t.ok('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token mfaRequired } }', { e: user.email, p: user.password });
    expect(login.login.mfaRequired).toBe(false);
    await page.close();
  });

  test('an organization that requires a second factor sends a member without one to enrolment (authenticator app with a QR code)', async () => {
    const organization = await createOrganization(t);
    const member = await createMember(t, organization.id, 'DEVELOPER');
    // Last: from now on, the admin (without a factor in this test) is refused there too.
    await t.ok('mutation($id: ID!) { updateOrganization(id: $id, input: { keyPolicy: { requireMfa: true } }) { id } }', { id: organization.id }, await t.adminToken());
    const { page } = await newPage();
    await signIn(page, member);
    await page.getByRole('alert').filter({ hasText: 'requires a second factor' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/account');

    await page.getByLabel('Current password').fill(member.password);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = page.getByRole('img', { name: 'QR code of the authenticator app secret' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const secret = (await page.getByLabel('Authenticator secret').textContent())!.trim();
    await page.getByLabel('Code from the app').fill(totpCode(secret, t.clock.now()));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    // Enrolled: the organization opens.
    await page.getByLabel('Organization').selectOption(organization.id);
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
