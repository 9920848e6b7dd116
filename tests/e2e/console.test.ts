import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { createApplication, createOrganization, createUser, unique } from '../helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, errorCode, startTestServer, TestServer } from '../helpers/server';
import { chromiumAvailable, CHROMIUM_PATH, ensureConsoleBuilt, launchConsoleBrowser, poll, type ConsoleBrowser } from './console-browser';

/**
 * The console in a real browser against a real server on a fresh database. With CI set a missing
 * Chromium fails this suite; elsewhere it is skipped, loudly.
 */
const available = chromiumAvailable();
if (!available) {
  if (process.env.CI) {
    test('Chromium is installed for the console end-to-end tests', () => {
      throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (required when CI is set)`);
    });
  } else {
    console.warn(`\n*** No Chromium at ${CHROMIUM_PATH}: the console end-to-end tests are SKIPPED. apt-get install -y chromium ***\n`);
  }
}

(available ? describe : describe.skip)('admin console in Chromium', () => {
  let t: TestServer;
  let browser: ConsoleBrowser;
  let page: Page;
  let organization: { id: string };
  let keysUrl = '';
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    // Webhook targets on loopback only (nothing listens there): no delivery ever leaves the machine.
    t = await startTestServer('sqlite', { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' });
    organization = await createOrganization(t, { name: unique('Console Org') });
    browser = await launchConsoleBrowser({ width: 1280, height: 800 });
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    if (process.env.KEYWARD_E2E_DEBUG) {
      page.on('websocket', (ws) => {
        ws.on('framesent', (f) => console.log(Date.now(), 'ws >', String(f.payload).slice(0, 4000)));
        ws.on('framereceived', (f) => console.log(Date.now(), 'ws <', String(f.payload).slice(0, 4000)));
        ws.on('close', () => console.log('ws closed'));
      });
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // Browser-side code is passed as strings: the root tsconfig has no DOM types.
  const storageDump = () => page.evaluate<string>('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, url: location.href })');

  test('sign in, create an application and a key, see the secret once, watch a revocation arrive live', async () => {
    await page.goto(t.url);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByRole('alert').filter({ hasText: 'UNAUTHENTICATED' }));

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Organization').selectOption(organization.id);
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    const storage = JSON.parse(await storageDump()) as { local: Record<string, string>; session: Record<string, string> };
    expect(Object.keys(storage.local)).toEqual([]);
    expect(Object.keys(storage.session)).toEqual(['keyward.session']);

    // Create an application.
    const appName = unique('Checkout');
    await page.getByRole('button', { name: 'New application' }).click();
    const appDialog = page.getByRole('dialog', { name: 'New application' });
    await appDialog.getByLabel('Name').fill(appName);
    await appDialog.getByLabel('Description').fill('Web store checkout');
    await appDialog.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { name: appName }).waitFor();
    keysUrl = page.url();

    // Create a key: the secret is shown once.
    const keyName = unique('Checkout key');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
    await keyDialog.getByLabel('Name', { exact: true }).fill(keyName);
    await keyDialog.getByLabel('Description').fill('Production checkout service');
    await keyDialog.getByLabel('payments:write').check();
    await keyDialog.getByLabel('Webhook URL').fill('not a url');
    await keyDialog.getByRole('button', { name: 'Create API key' }).click();
    // The API's complaint shows next to the field it concerns.
    await expectVisible(keyDialog.locator('.field-invalid').filter({ has: page.getByLabel('Webhook URL') }).locator('.field-error'));
    await keyDialog.getByLabel('Webhook URL').fill('');
    await keyDialog.getByRole('button', { name: 'Create API key' }).click();

    const secretDialog = page.getByRole('alertdialog', { name: `Secret of ${keyName}` });
    const secret = (await secretDialog.getByTestId('secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^sk_test_[0-9A-Za-z]{36}$/);
    await secretDialog.getByRole('button', { name: 'Copy secret' }).click();
    await expectVisible(secretDialog.getByText('Copied to the clipboard.'));
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(secret);
    // Escape does not dismiss it: the user must confirm.
    await page.keyboard.press('Escape');
    expect(await secretDialog.isVisible()).toBe(true);
    await secretDialog.getByRole('button', { name: 'I have saved it' }).click();
    await secretDialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    expect(await storageDump()).not.toContain(secret);

    const row = page.locator('tr', { hasText: keyName });
    await expectStatus(row, 'ACTIVE');
    expect(await row.textContent()).toContain('payments:write');

    // Revoke from somewhere else; the badge follows without a reload.
    await page.evaluate('window.notReloaded = true');
    const keys = await t.ok<{ apiKeys: { items: Array<{ id: string; name: string }> } }>(
      'query($o: ID!) { apiKeys(organizationId: $o) { items { id name } } }',
      { o: organization.id },
      await t.adminToken(),
    );
    const keyId = keys.apiKeys.items.find((k) => k.name === keyName)?.id;
    expect(keyId).toBeDefined();
    if (process.env.KEYWARD_E2E_DEBUG) console.log(Date.now(), 'revoking', keyId);
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "e2e") { id } }', { id: keyId }, await t.adminToken());
    if (process.env.KEYWARD_E2E_DEBUG) console.log(Date.now(), 'revoked', keyId);
    await expectStatus(row, 'REVOKED');
    expect(await page.evaluate<boolean>('window.notReloaded === true')).toBe(true);
    await expectVisible(page.getByRole('status').filter({ hasText: `${keyName} is now revoked.` }));

  });

  test('revoking from the console asks for a confirmation that names the key', async () => {
    const heading = await page.getByRole('heading', { level: 1 }).textContent();
    const keyName = unique('Short-lived');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
    await keyDialog.getByLabel('Name', { exact: true }).fill(keyName);
    await keyDialog.getByLabel('Description').fill('to be revoked');
    await keyDialog.getByRole('button', { name: 'Create API key' }).click();
    await page.getByRole('button', { name: 'I have saved it' }).click();

    await page.getByRole('button', { name: `Revoke ${keyName}` }).click();
    const confirm = page.getByRole('alertdialog', { name: `Revoke ${keyName}?` });
    await expectVisible(confirm.getByText(keyName, { exact: true }));
    await confirm.getByLabel('Reason').fill('no longer needed');
    await confirm.getByRole('button', { name: `Revoke ${keyName}` }).click();
    await confirm.waitFor({ state: 'detached' });
    await expectStatus(page.locator('tr', { hasText: keyName }), 'REVOKED');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
  });

  test('rotate with a grace period: the new secret once, then the old secret expired by hand', async () => {
    const keyName = unique('Rotated');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
    await keyDialog.getByLabel('Name', { exact: true }).fill(keyName);
    await keyDialog.getByLabel('Description').fill('to be rotated');
    await keyDialog.getByRole('button', { name: 'Create API key' }).click();
    await page.getByRole('button', { name: 'I have saved it' }).click();

    t.clock.advance(1000); // the test clock stands still otherwise: the secrets' createdAt must differ
    await page.getByRole('button', { name: `Rotate ${keyName}` }).click();
    const rotate = page.getByRole('dialog', { name: `Rotate ${keyName}` });
    await rotate.getByLabel('Grace period').selectOption({ label: '24 hours' });
    await rotate.getByRole('button', { name: `Rotate ${keyName}` }).click();
    const secretDialog = page.getByRole('alertdialog', { name: `Secret of ${keyName}` });
    const secret = (await secretDialog.getByTestId('secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^sk_test_/);
    await secretDialog.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.content()).not.toContain(secret);

    const row = page.locator('tr', { hasText: keyName });
    await expectVisible(row.getByText('2 working secrets (rotation in progress)'));
    await row.getByRole('button', { name: /^Expire secret/ }).click();
    await row.getByText('2 working secrets (rotation in progress)').waitFor({ state: 'detached' });
    await expectStatus(row, 'ACTIVE');
  });

  test('the audit log lists, filters and exports events as CSV', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await expectVisible(page.locator('td code', { hasText: 'api_key.rotated' }));
    // People by email, not usr_ ids.
    await expectVisible(page.locator('td[data-label="Actor"]', { hasText: ADMIN_EMAIL }));
    expect(await page.locator('td[data-label="Actor"]', { hasText: /usr_/ }).count()).toBe(0);
    await page.getByLabel('Event type').selectOption('api_key.revoked');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expectVisible(page.getByRole('status').filter({ hasText: /events? match the filters/ }));
    await poll(async () => {
      const cells = await page.locator('.audit-table td code').allTextContents();
      return cells.length > 0 && cells.every((c) => c === 'api_key.revoked') ? cells : null;
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^keyward-audit-.+\.csv$/);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,createdAt,type,actorType,actorId,actorEmail,subjectType,subjectId,data');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.slice(1).every((line) => line.includes(',api_key.revoked,'))).toBe(true);
  });

  test('a temporary key is issued, exchanged without a session for a permanent key, and the account secret changed', async () => {
    await page.goto(keysUrl);
    await page.getByRole('button', { name: 'Issue temporary key' }).click();
    const issue = page.getByRole('dialog', { name: 'Issue temporary key' });
    await issue.getByLabel('Name', { exact: true }).fill('Onboarding');
    await issue.getByLabel('Description').fill('Delivered to the merchant');
    await issue.getByRole('button', { name: 'Issue temporary key' }).click();
    const tkDialog = page.getByRole('alertdialog', { name: 'Secret of Onboarding' });
    const temporaryKey = (await tkDialog.getByTestId('secret').textContent())?.trim() ?? '';
    expect(temporaryKey).toMatch(/^tk_test_/);
    await tkDialog.getByRole('button', { name: 'I have saved it' }).click();
    await expectStatus(page.locator('tr', { hasText: 'Onboarding' }), 'PENDING_EXCHANGE');

    // A fresh tab with no session: the temporary key is the credential.
    const other = await browser.context.newPage();
    await other.goto(`${t.url}/exchange`);
    expect(await other.evaluate<number>('sessionStorage.length')).toBe(0);
    await other.getByLabel('Temporary key').fill(temporaryKey);
    await other.getByLabel('Account secret', { exact: true }).fill('short');
    await expectVisible(other.locator('[data-rule="length"][data-met="false"]'));
    await other.getByLabel('Account secret', { exact: true }).fill('First-account-Secret-1');
    await other.getByRole('button', { name: 'Exchange for a permanent key' }).click();
    const permanentDialog = other.getByRole('alertdialog', { name: 'Secret of Onboarding' });
    expect((await permanentDialog.getByTestId('secret').textContent())?.trim()).toMatch(/^sk_test_/);
    await permanentDialog.getByRole('button', { name: 'I have saved it' }).click();
    await expectVisible(other.getByRole('status').filter({ hasText: 'is ready' }));
    await other.close();

    // The console sees the exchange live, then the owner changes the account secret.
    await expectStatus(page.locator('tr', { hasText: 'Onboarding' }).first(), 'EXCHANGED');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Current account secret').fill('First-account-Secret-1');
    await page.getByLabel('New account secret', { exact: true }).fill('Second-account-Secret-2');
    await page.getByLabel('Repeat the new account secret').fill('Second-account-Secret-2');
    await page.getByRole('button', { name: 'Change account secret' }).click();
    await expectVisible(page.getByText('The account secret was changed.'));
    // A wrong current secret is refused next to the action, with its code.
    await page.getByLabel('Current account secret').fill('Wrong-account-Secret-9');
    await page.getByLabel('New account secret', { exact: true }).fill('Third-account-Secret-3');
    await page.getByLabel('Repeat the new account secret').fill('Third-account-Secret-3');
    await page.getByRole('button', { name: 'Change account secret' }).click();
    await expectVisible(page.getByRole('alert').filter({ hasText: /\([A-Z_]+\)/ }));
  });

  test('a recoverable key gives back the same secret with the account secret; the key policy is saved', async () => {
    await page.goto(keysUrl);
    const keyName = unique('Recoverable');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const keyDialog = page.getByRole('dialog', { name: 'Create API key' });
    await keyDialog.getByLabel('Name', { exact: true }).fill(keyName);
    await keyDialog.getByLabel('Description').fill('can be retrieved');
    await keyDialog.getByLabel('Recoverable').check();
    await keyDialog.getByRole('button', { name: 'Create API key' }).click();
    const created = page.getByRole('alertdialog', { name: `Secret of ${keyName}` });
    const secret = (await created.getByTestId('secret').textContent())?.trim() ?? '';
    await created.getByRole('button', { name: 'I have saved it' }).click();

    await page.getByRole('button', { name: `Retrieve the secret of ${keyName}` }).click();
    const retrieve = page.getByRole('dialog', { name: `Retrieve the secret of ${keyName}` });
    await retrieve.getByLabel('Account secret').fill('Second-account-Secret-2');
    await retrieve.getByRole('button', { name: 'Retrieve secret' }).click();
    const again = page.getByRole('alertdialog', { name: `Secret of ${keyName}` });
    expect((await again.getByTestId('secret').textContent())?.trim()).toBe(secret);
    await again.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Keys per application').fill('25');
    await page.getByRole('button', { name: 'Save key policy' }).click();
    await expectVisible(page.getByText('The key policy was saved.'));
    const policy = await t.ok<{ organization: { keyPolicy: { maxKeysPerApplication: number } } }>('query($id: ID!) { organization(id: $id) { keyPolicy { maxKeysPerApplication } } }', { id: organization.id }, await t.adminToken());
    expect(policy.organization.keyPolicy.maxKeysPerApplication).toBe(25);
    await page.getByLabel('Access-token lifetime (seconds)').fill('5');
    await page.getByRole('button', { name: 'Save key policy' }).click();
    await expectVisible(page.getByRole('alert').filter({ hasText: '(BAD_USER_INPUT)' }));
  });

  test('an application disabled elsewhere shows as disabled without a reload', async () => {
    await page.goto(`${t.url}/orgs/${organization.id}/applications`);
    const app = await createApplication(t, organization.id, undefined, unique('Live app'));
    await page.reload();
    const row = page.locator('tr', { hasText: app.name });
    await expectVisible(row.getByText('Enabled', { exact: true }));
    await t.ok('mutation($id: ID!) { setApplicationEnabled(id: $id, isEnabled: false) { id } }', { id: app.id }, await t.adminToken());
    await expectVisible(row.getByText('Disabled', { exact: true }));
  });

  test('webhook endpoints: add (signing secret once), disable, rotate the secret, see deliveries, delete', async () => {
    await page.goto(`${t.url}/orgs/${organization.id}/webhooks`);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const add = page.getByRole('dialog', { name: 'Add webhook endpoint' });
    await add.getByLabel('URL').fill('https://127.0.0.1:9/keyward-events');
    await add.getByLabel('Description').fill('Ops dashboard');
    await add.getByLabel('api_key.revoked').check();
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = page.getByRole('alertdialog', { name: 'Signing secret of the new endpoint' });
    const secret = (await shown.getByTestId('secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.content()).not.toContain(secret);

    const row = page.locator('tr', { hasText: 'https://127.0.0.1:9/keyward-events' });
    await expectVisible(row.getByText('api_key.revoked'));
    await row.getByRole('button', { name: /^Disable/ }).click();
    await expectVisible(row.getByText('Disabled', { exact: true }));
    await row.getByRole('button', { name: /^Rotate secret/ }).click();
    const rotate = page.getByRole('dialog', { name: 'Rotate the signing secret' });
    await rotate.getByLabel('Overlap').selectOption('3600');
    await rotate.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = page.getByRole('alertdialog', { name: 'New signing secret' });
    expect((await rotated.getByTestId('secret').textContent())?.trim()).toMatch(/^whsec_/);
    await rotated.getByRole('button', { name: 'I have saved it' }).click();
    await expectVisible(row.getByText(/previous secret signs too until/));
    await row.getByRole('button', { name: /^Deliveries/ }).click();
    await page.getByRole('heading', { name: /Deliveries to/ }).waitFor();

    await row.getByRole('button', { name: /^Delete/ }).click();
    await page.getByRole('alertdialog', { name: 'Delete this webhook endpoint?' }).getByRole('button', { name: 'Delete endpoint' }).click();
    await row.waitFor({ state: 'detached' });
    // An address the server refuses is shown beside the URL field.
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await add.getByLabel('URL').fill('ftp://example.com/hook');
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    await expectVisible(add.getByRole('alert').filter({ hasText: '(BAD_USER_INPUT)' }));
    await add.getByRole('button', { name: 'Cancel' }).click();
  });

  test('personal access tokens: the token is shown once, works as a Bearer token, and stops when revoked', async () => {
    await page.getByRole('link', { name: ADMIN_EMAIL }).click();
    await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor();
    const name = unique('report script');
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('alertdialog', { name: `Token ${name}` });
    const token = (await shown.getByTestId('secret').textContent())?.trim() ?? '';
    expect(token).toMatch(/^pat_/);
    await shown.getByRole('button', { name: 'I have saved it' }).click();
    expect(await page.content()).not.toContain(token);
    expect((await t.ok<{ me: { email: string } }>('{ me { email } }', {}, token)).me.email).toBe(ADMIN_EMAIL);

    await page.getByRole('button', { name: `Revoke ${name}` }).click();
    await expectVisible(page.locator('tr', { hasText: name }).getByText('Revoked'));
    expect(errorCode(await t.gql('{ me { email } }', {}, token))).toBe('UNAUTHENTICATED');
  });

  test('a platform admin approves KYB from the list of all organizations', async () => {
    await page.getByRole('link', { name: 'All organizations' }).click();
    const row = page.locator(`tr[data-organization-id="${organization.id}"]`);
    await row.getByRole('button', { name: /^Approve KYB/ }).click();
    await row.locator('[data-kyb="APPROVED"]').waitFor();
  });

  test('members: an owner adds a member and changes the role; the member is offered only what the role allows', async () => {
    const user = await createUser(t, 'member');
    await page.goto(`${t.url}/orgs/${organization.id}/members`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Role', { exact: true }).selectOption('VIEWER');
    await page.getByRole('button', { name: 'Add member' }).click();
    const role = page.getByRole('combobox', { name: `Role ${user.email}` });
    await role.waitFor();
    expect(await role.inputValue()).toBe('VIEWER');
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().postData()?.includes('UpdateMemberRole') === true), role.selectOption('DEVELOPER')]);
    // Adding the same person again is refused next to the form, with its code.
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expectVisible(page.locator('form').getByRole('alert').filter({ hasText: /\([A-Z_]+\)/ }));

    const memberPage = await browser.context.newPage();
    try {
      await memberPage.goto(keysUrl);
      await memberPage.getByLabel('Email').fill(user.email);
      await memberPage.getByLabel('Password').fill(user.password);
      await memberPage.getByRole('button', { name: 'Sign in' }).click();
      await memberPage.getByRole('button', { name: 'Create API key' }).waitFor();
      await expectVisible(memberPage.locator('.role-tag', { hasText: 'DEVELOPER' }));
      expect(await memberPage.getByRole('button', { name: /^(Rotate|Revoke|Issue temporary key)/ }).count()).toBe(0);
      await memberPage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Applications' }).click();
      await memberPage.getByRole('button', { name: 'New application' }).waitFor();
      expect(await memberPage.getByRole('button', { name: /^(Rename|Disable|Enable)/ }).count()).toBe(0);
      await memberPage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Members' }).click();
      await memberPage.getByRole('heading', { name: 'Members' }).waitFor();
      expect(await memberPage.getByRole('button', { name: 'Add member' }).count()).toBe(0);
      await memberPage.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Settings' }).click();
      await expectVisible(memberPage.getByText('Only an owner can change the account secret.'));
      expect(await memberPage.getByRole('link', { name: 'All organizations' }).count()).toBe(0);
    } finally {
      await memberPage.close();
    }
  });

  test('dialogs work from the keyboard: focus moves in, Escape closes, focus returns to the opener', async () => {
    await page.goto(keysUrl);
    const opener = page.getByRole('button', { name: 'Create API key' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Create API key' });
    await dialog.waitFor();
    expect(await page.evaluate<string>('document.activeElement.getAttribute("name")')).toBe('name');
    // The page behind a modal <dialog> is inert: Tab stays inside the dialog.
    for (let i = 0; i < 15; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate<boolean>('!!document.activeElement.closest("dialog")')).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate<string>('document.activeElement.textContent')).toBe('Create API key');
  });

  test('fits a 375 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${t.url}/orgs/${organization.id}/applications`);
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    // Elements that stick out on the right (hidden table heads are clipped and do not count).
    const wide = await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('thead, .visually-hidden, .badge-code') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((e) => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))`);
    expect({ overflow, wide }).toEqual({ overflow: 0, wide: [] });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  test('no page error and no Content-Security-Policy violation in the whole run', () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
}

async function expectStatus(row: ReturnType<Page['locator']>, status: string): Promise<void> {
  await row.locator(`[data-status="${status}"]`).waitFor({ state: 'visible', timeout: 10_000 });
}
