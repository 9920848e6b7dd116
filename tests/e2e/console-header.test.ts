import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createOrganization, unique } from '../helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, TestServer } from '../helpers/server';
import { chromiumAvailable, ensureConsoleBuilt, launchConsoleBrowser, type ConsoleBrowser } from './console-browser';

/** The console's header on a 375 px phone: compact, everything reachable, nothing off-screen. */
(chromiumAvailable() ? describe : describe.skip)('console header at 375 px', () => {
  let t: TestServer;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureConsoleBuilt();
    t = await startTestServer('sqlite');
    browser = await launchConsoleBrowser({ width: 375, height: 812, deviceScaleFactor: 2 });
    page = await browser.context.newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('takes at most 140 px of height, with the organization picker, sections and sign-out all on screen', async () => {
    const organization = await createOrganization(t, { name: unique('Phone Org') });
    await page.goto(t.url);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Organization').selectOption(organization.id);
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    const header = await page.locator('header.topbar').boundingBox();
    // docs/console-header-375.png is refreshed only on request, so test runs leave the tree clean.
    const shots = process.env.KEYWARD_UPDATE_SCREENSHOTS ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'kw-shots-'));
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'console-header-375.png'), clip: { x: 0, y: 0, width: 375, height: Math.ceil((header?.height ?? 300) + 40) } });
    expect(header!.height).toBeLessThanOrEqual(140);
    for (const name of ['Applications', 'Members', 'Audit log', 'Settings', 'All organizations']) {
      const box = await page.getByRole('link', { name, exact: true }).first().boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    }
    const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
    expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
  });
});
