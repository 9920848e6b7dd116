import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createApiKey, createApplication, createOrganization } from '../helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, TestServer } from '../helpers/server';
import { verify } from '../integration/credentials-fixtures';
import { chromiumAvailable, CHROMIUM_PATH, ensureConsoleBuilt, launchConsoleBrowser, poll, type ConsoleBrowser } from './console-browser';

/**
 * Usage analytics in the console (SPEC 8), against a server that has answered a known mix of real
 * verify requests over the last hours: the key's chart and the organization overview show exactly
 * those counts — in the SVG bars, the table alternative and the CSV export — with no console
 * error and no CSP violation. With KEYWARD_UPDATE_SCREENSHOTS set it also refreshes
 * docs/console-usage-key.png and docs/console-usage-overview.png (elsewhere they go to a temp dir).
 */
const available = chromiumAvailable();
if (!available) {
  if (process.env.CI) {
    test('Chromium is installed for the usage analytics browser test', () => {
      throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (required when CI is set)`);
    });
  } else {
    console.warn(`\n*** No Chromium at ${CHROMIUM_PATH}: the usage analytics browser test is SKIPPED. apt-get install -y chromium ***\n`);
  }
}

const HOUR_MS = 3_600_000;

/** Each verify's outcome is checked as it is made, so the expected counts below are the real ones. */
async function verifyTimes(t: TestServer, secret: string, times: number, code: string, requiredScopes?: string[]): Promise<void> {
  for (let i = 0; i < times; i += 1) expect((await verify(t, secret, requiredScopes)).body.code).toBe(code);
}

/** The numeric cells of a usage table's body, row by row (the "From" column is locale text). */
async function tableNumbers(table: Locator): Promise<number[][]> {
  const rows = await table.locator('tbody tr').all();
  const out: number[][] = [];
  for (const row of rows) out.push((await row.locator('td').allTextContents()).slice(1).map((cell) => Number(cell.replace(/[^0-9]/g, ''))));
  return out;
}

interface DrawnBar {
  readonly name: string;
  readonly rects: Array<{ x: number; height: number }>;
}

/** Every bar series of the chart in `scope`: its name and its drawn rectangles, left to right. */
async function drawnBars(page: Page, scope: string): Promise<DrawnBar[]> {
  // Browser-side code is a string: the root tsconfig has no DOM types.
  return page.evaluate<DrawnBar[]>(`(() => {
    const root = document.querySelector(${JSON.stringify(scope)});
    return [...root.querySelectorAll('g.recharts-bar')].map((bar) => ({
      name: bar.querySelector('path.recharts-rectangle')?.getAttribute('name') ?? null,
      rects: [...bar.querySelectorAll('path.recharts-rectangle')]
        .map((p) => { const b = p.getBBox(); return { x: b.x, height: b.height }; })
        .filter((r) => r.height > 0)
        .sort((a, b) => a.x - b.x),
    }));
  })()`);
}

/** Bars are drawn on one linear scale from 0: every height divided by its count is the same. */
function expectProportional(heights: number[], counts: number[]): void {
  expect(heights).toHaveLength(counts.length);
  const scale = heights[0]! / counts[0]!;
  heights.forEach((h, i) => expect(Math.abs(h / counts[i]! - scale) / scale).toBeLessThan(0.05));
}

(available ? describe : describe.skip)('usage analytics in the console (Chromium)', () => {
  let t: TestServer;
  let browser: ConsoleBrowser;
  let page: Page;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const shots = process.env.KEYWARD_UPDATE_SCREENSHOTS ? join(__dirname, '..', '..', 'docs') : mkdtempSync(join(tmpdir(), 'kw-shots-'));
  let organizationId = '';
  let checkoutAppUrl = '';
  // The hours the traffic falls in (bucket starts), oldest first.
  let hours: string[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    // Counts are written when the test flushes them, not on a timer.
    t = await startTestServer('sqlite', { KEYWARD_ANALYTICS_FLUSH_MS: '3600000' });
    const org = await createOrganization(t, { name: 'Acme Payments' });
    organizationId = org.id;
    const checkout = await createApplication(t, org.id, undefined, 'Web checkout');
    const partner = await createApplication(t, org.id, undefined, 'Partner reporting');
    const service = await createApiKey(t, checkout.id, { name: 'Checkout service', description: 'Production checkout service', scopes: ['payments:write'] });
    const legacy = await createApiKey(t, checkout.id, { name: 'Legacy integration', description: 'Old PHP plug-in', scopes: ['payments:write'] });
    const reports = await createApiKey(t, partner.id, { name: 'Nightly export', description: 'Partner reports', scopes: ['payments:write'] });

    // A known mix, spread over four hours of the server's clock.
    const now = t.clock.now();
    const at = (hoursAgo: number) => t.clock.set(new Date(now.getTime() - hoursAgo * HOUR_MS));
    hours = [3, 2, 1, 0].map((ago) => new Date(Math.floor((now.getTime() - ago * HOUR_MS) / HOUR_MS) * HOUR_MS).toISOString());
    at(3);
    await verifyTimes(t, service.secret, 7, 'VALID');
    await verifyTimes(t, reports.secret, 6, 'VALID');
    at(2);
    await verifyTimes(t, legacy.secret, 3, 'VALID');
    at(1);
    await verifyTimes(t, service.secret, 5, 'VALID');
    await verifyTimes(t, service.secret, 3, 'INSUFFICIENT_SCOPE', ['refunds']);
    t.clock.set(now);
    await verifyTimes(t, service.secret, 4, 'VALID');
    await verifyTimes(t, service.secret, 2, 'INSUFFICIENT_SCOPE', ['refunds']);
    await t.ok('mutation($id: ID!) { revokeApiKey(id: $id, reason: "Replaced") { id } }', { id: legacy.id }, await t.adminToken());
    await verifyTimes(t, legacy.secret, 2, 'REVOKED');
    await t.server.services.usageCounter.flush();

    browser = await launchConsoleBrowser({ width: 1280, height: 820 });
    // Reported by the page itself for every blocked resource, inline style or eval.
    await browser.context.addInitScript(`
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
    `);
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content.Security.Policy/i.test(message.text())) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(t.url);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Organization').selectOption(organizationId);
    await page.getByRole('link', { name: 'Web checkout' }).waitFor();
    checkoutAppUrl = `${t.url}/orgs/${organizationId}/applications/${checkout.id}`;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(async () => {
    expect(await page.evaluate<string[]>('window.__cspViolations')).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('the organization overview shows the real volume, refusal rate, refusals by code and busiest keys', async () => {
    const overview = page.locator('section.usage-overview');
    await expectText(overview.locator('.usage-summary'), '32 requests, 21.9 % refused.');
    // Every series drawn (VALID, INSUFFICIENT_SCOPE, REVOKED), one rectangle per non-zero count.
    await overview.locator('path.recharts-rectangle').first().waitFor();
    const bars = await drawnBars(page, 'section.usage-overview');
    expect(bars.map((b) => b.name)).toEqual(['VALID', 'INSUFFICIENT_SCOPE', 'REVOKED']);
    expect(bars.map((b) => b.rects.length)).toEqual([4, 2, 1]);
    expect((await overview.locator('.recharts-legend-item-text').allTextContents()).sort()).toEqual(['INSUFFICIENT_SCOPE', 'REVOKED', 'VALID']);
    // VALID per hour: 13, 3, 5, 4; refusals 3 and 2 + 2 on the same scale.
    expectProportional([...bars[0]!.rects, ...bars[1]!.rects, ...bars[2]!.rects].map((r) => r.height), [13, 3, 5, 4, 3, 2, 2]);
    await page.mouse.move(0, 0); // no tooltip in the picture
    await page.screenshot({ path: join(shots, 'console-usage-overview.png') });

    await overview.getByText('Table', { exact: true }).click();
    const table = overview.locator('figure table');
    expect(await table.locator('thead th').allTextContents()).toEqual(['From', 'Total', 'VALID', 'INSUFFICIENT_SCOPE', 'REVOKED']);
    // Total, VALID, INSUFFICIENT_SCOPE, REVOKED per hour with requests, oldest first.
    expect(await tableNumbers(table)).toEqual([
      [13, 13, 0, 0],
      [3, 3, 0, 0],
      [8, 5, 3, 0],
      [8, 4, 2, 2],
    ]);
    const busiest = overview.locator('table', { has: page.locator('caption', { hasText: 'Busiest keys' }) });
    const top = await busiest.locator('tbody tr').all();
    const topRows = await Promise.all(top.map(async (row) => (await row.locator('td').allTextContents()).map((c) => c.replace(/^sk_test_\S*…\s*/, ''))));
    expect(topRows).toEqual([
      ['Checkout service', '21', '16'],
      ['Nightly export', '6', '6'],
      ['Legacy integration', '5', '3'],
    ]);

    const csv = await exportCsv(overview, `usage-${organizationId}-24h.csv`);
    expect(csv.header).toBe('start,total,valid,INSUFFICIENT_SCOPE,REVOKED');
    expect(csv.buckets.length).toBeGreaterThanOrEqual(24);
    expect(csv.nonZero).toEqual([
      `${hours[0]},13,13,0,0`,
      `${hours[1]},3,3,0,0`,
      `${hours[2]},8,5,3,0`,
      `${hours[3]},8,4,2,2`,
    ]);
  });

  test('a key\'s usage chart shows its own counts by hour and outcome, as bars, table and CSV', async () => {
    await page.goto(checkoutAppUrl);
    await page.getByRole('button', { name: 'Usage of Checkout service' }).click();
    const dialog = page.getByRole('dialog', { name: 'Usage of Checkout service' });
    await dialog.locator('path.recharts-rectangle').first().waitFor();
    const bars = await drawnBars(page, 'dialog[open]');
    expect(bars.map((b) => b.name)).toEqual(['VALID', 'INSUFFICIENT_SCOPE']);
    expect(bars.map((b) => b.rects.length)).toEqual([3, 2]);
    expectProportional([...bars[0]!.rects, ...bars[1]!.rects].map((r) => r.height), [7, 5, 4, 3, 2]);
    // The refusals stack on the VALID bars of the same hours (the last two).
    expect(bars[1]!.rects.map((r) => Math.round(r.x))).toEqual(bars[0]!.rects.slice(1).map((r) => Math.round(r.x)));
    await dialog.getByText('Table', { exact: true }).click();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(shots, 'console-usage-key.png') });
    const table = dialog.locator('table');
    expect(await table.locator('thead th').allTextContents()).toEqual(['From', 'Total', 'VALID', 'INSUFFICIENT_SCOPE']);
    expect(await tableNumbers(table)).toEqual([
      [7, 7, 0],
      [8, 5, 3],
      [6, 4, 2],
    ]);
    const keyId = await keyIdOf('Checkout service');
    const csv = await exportCsv(dialog, `usage-${keyId}-24h.csv`);
    expect(csv.header).toBe('start,total,valid,INSUFFICIENT_SCOPE');
    expect(csv.nonZero).toEqual([`${hours[0]},7,7,0`, `${hours[2]},8,5,3`, `${hours[3]},6,4,2`]);

    // 30 days is drawn by day: everything in today's (or, near midnight, yesterday's and today's) bars.
    await dialog.getByLabel('Period').selectOption({ label: 'Last 30 days' });
    const daily = await poll(async () => {
      const csv = await exportCsv(dialog, `usage-${keyId}-30d.csv`);
      return csv.buckets.length >= 30 ? csv : null;
    });
    expect(daily.buckets.length).toBeLessThanOrEqual(32);
    const sums = daily.nonZero.map((line) => line.split(',').slice(1).map(Number)).reduce((a, row) => a.map((n, i) => n + row[i]!), [0, 0, 0]);
    expect(sums).toEqual([21, 16, 5]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  async function keyIdOf(name: string): Promise<string> {
    const data = await t.ok<{ apiKeys: { items: Array<{ id: string; name: string }> } }>('query($o: ID!) { apiKeys(organizationId: $o) { items { id name } } }', { o: organizationId }, await t.adminToken());
    return data.apiKeys.items.find((k) => k.name === name)!.id;
  }

  async function exportCsv(scope: Locator, filename: string): Promise<{ header: string; buckets: string[]; nonZero: string[] }> {
    const [download] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(filename);
    const lines = readFileSync((await download.path()) as string, 'utf8').trim().split(/\r?\n/);
    const buckets = lines.slice(1);
    return { header: lines[0]!, buckets, nonZero: buckets.filter((line) => line.split(',')[1] !== '0') };
  }
});

async function expectText(locator: Locator, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 10_000 });
}
