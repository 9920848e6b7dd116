import type { Page } from 'playwright-core';
import { createOrganization, unique } from '../helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, TestServer } from '../helpers/server';
import { chromiumAvailable, CHROMIUM_PATH, ensureConsoleBuilt, launchConsoleBrowser, type ConsoleBrowser } from './console-browser';

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
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestServer('sqlite');
    organization = await createOrganization(t, { name: unique('Console Org') });
    browser = await launchConsoleBrowser({ width: 1280, height: 800 });
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    if (process.env.KEYWARD_E2E_DEBUG) {
      page.on('websocket', (ws) => {
        ws.on('framesent', (f) => console.log(Date.now(), 'ws >', String(f.payload).slice(0, 300)));
        ws.on('framereceived', (f) => console.log(Date.now(), 'ws <', String(f.payload).slice(0, 300)));
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

    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
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

  test('fits a 375 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.getByRole('button', { name: 'Create API key' }).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    // Elements that stick out on the right (hidden table heads are clipped and do not count).
    const wide = await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('thead, .visually-hidden, .badge-code') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((e) => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))`);
    expect({ overflow, wide }).toEqual({ overflow: 0, wide: [] });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
}

async function expectStatus(row: ReturnType<Page['locator']>, status: string): Promise<void> {
  await row.locator(`[data-status="${status}"]`).waitFor({ state: 'visible', timeout: 10_000 });
}
