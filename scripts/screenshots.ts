/**
 * Screenshots of the console's main screens into docs/, against a throwaway server and database:
 *   npm run build:console && node -r @swc-node/register scripts/screenshots.ts
 */
import { join } from 'node:path';
import { createApiKey, createApplication, createOrganization } from '../tests/helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer } from '../tests/helpers/server';
import { chromiumAvailable, CHROMIUM_PATH, ensureConsoleBuilt, launchConsoleBrowser } from '../tests/e2e/console-browser';

process.env.NODE_ENV = 'test';
const DOCS = join(__dirname, '..', 'docs');

async function main(): Promise<void> {
  if (!chromiumAvailable()) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  ensureConsoleBuilt();
  // Webhook targets on loopback only, where nothing listens: no delivery leaves the machine.
  const t = await startTestServer('sqlite', { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' });
  const browser = await launchConsoleBrowser({ width: 1280, height: 820 });
  try {
    const org = await createOrganization(t, { name: 'Acme Payments' });
    await createOrganization(t, { name: 'Globex Marketplace' });
    const checkout = await createApplication(t, org.id, undefined, 'Web checkout');
    await t.ok('mutation($id: ID!) { updateApplication(id: $id, input: { description: "Web store checkout (Shopify plug-in)" }) { id } }', { id: checkout.id }, await t.adminToken());
    await createApplication(t, org.id, undefined, 'Mobile app backend');
    await createApplication(t, org.id, undefined, 'Partner reporting');
    await createApiKey(t, checkout.id, { name: 'Checkout service', description: 'Production checkout service', scopes: ['payments:write', 'refunds'], expiresInDays: 365 });
    await createApiKey(t, checkout.id, { name: 'Refund worker', description: 'Nightly refund batch', scopes: ['refunds'] });
    const old = await createApiKey(t, checkout.id, { name: 'Legacy integration', description: 'Old PHP plug-in', scopes: ['payments:read', 'disputes:read'] });
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "Replaced") { id } }', { id: old.id }, await t.adminToken());
    t.clock.advance(60_000);

    const page = await browser.context.newPage();
    await page.goto(t.url);
    await page.getByLabel('Email').waitFor();
    await page.screenshot({ path: join(DOCS, 'console-sign-in.png') });

    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Organization').selectOption({ label: 'Acme Payments' });
    await page.getByRole('link', { name: 'Web checkout' }).waitFor();
    await page.screenshot({ path: join(DOCS, 'console-applications.png') });

    await page.getByRole('link', { name: 'Web checkout' }).click();
    await page.getByText('Legacy integration', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Create API key' }).click();
    const form = page.getByRole('dialog', { name: 'Create API key' });
    await form.getByLabel('Name', { exact: true }).fill('Payouts reconciler');
    await form.getByLabel('Description').fill('Reads payouts for accounting');
    await form.getByLabel('payouts:read').check();
    await page.screenshot({ path: join(DOCS, 'console-create-key.png') });
    await form.getByRole('button', { name: 'Create API key' }).click();
    await page.getByRole('alertdialog', { name: /Secret of/ }).waitFor();
    await page.screenshot({ path: join(DOCS, 'console-secret-dialog.png') });
    await page.getByRole('button', { name: 'I have saved it' }).click();

    await page.getByRole('button', { name: 'Rotate Checkout service' }).click();
    await page.getByRole('dialog', { name: 'Rotate Checkout service' }).getByLabel('Grace period').selectOption({ label: '7 days' });
    await page.screenshot({ path: join(DOCS, 'console-rotate.png') });
    await page.getByRole('dialog', { name: 'Rotate Checkout service' }).getByRole('button', { name: 'Rotate Checkout service' }).click();
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.getByText('2 working secrets (rotation in progress)').waitFor();
    await page.screenshot({ path: join(DOCS, 'console-keys.png'), fullPage: true });

    await page.setViewportSize({ width: 375, height: 812 });
    await page.screenshot({ path: join(DOCS, 'console-keys-mobile.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 820 });

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.locator('.audit-table').waitFor();
    await page.screenshot({ path: join(DOCS, 'console-audit-log.png') });

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const endpoint = page.getByRole('dialog', { name: 'Add webhook endpoint' });
    await endpoint.getByLabel('URL').fill('https://127.0.0.1:9/acme-keyward-events');
    await endpoint.getByLabel('Description').fill('Ops dashboard');
    await endpoint.getByLabel('api_key.revoked').check();
    await endpoint.getByLabel('api_key.rotated').check();
    await endpoint.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await page.screenshot({ path: join(DOCS, 'console-webhooks.png') });

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('New account secret', { exact: true }).fill('Acme-rotation');
    await page.screenshot({ path: join(DOCS, 'console-settings.png') });

    await page.getByRole('link', { name: 'All organizations' }).click();
    await page.getByRole('heading', { name: 'All organizations' }).waitFor();
    await page.screenshot({ path: join(DOCS, 'console-platform.png') });

    const exchange = await browser.context.newPage();
    await exchange.setViewportSize({ width: 1280, height: 820 });
    await exchange.goto(`${t.url}/exchange`);
    await exchange.getByLabel('Temporary key').fill('tk_test_');
    await exchange.getByLabel('Account secret', { exact: true }).fill('acme-secret');
    await exchange.screenshot({ path: join(DOCS, 'console-exchange.png') });
    console.log(`Screenshots written to ${DOCS}`);
  } finally {
    await browser.close();
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
