import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); KEYWARD_CHROMIUM overrides the path. */
export const CHROMIUM_PATH = process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium';
export const CONSOLE_DIST = join(__dirname, '..', '..', 'console', 'dist');

const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/** Whether the browser tests can run; under CI they must (like MySQL): a missing Chromium fails instead of skipping. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`Chromium is required when CI is set, and ${CHROMIUM_PATH} does not exist (apt-get install chromium, or set KEYWARD_CHROMIUM)`);
  return false;
}

/** Builds the console once when console/dist is missing, so the server has something to serve. */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE_DIST, 'index.html'))) return;
  // vite's package exports do not include its bin: find it beside package.json.
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', join(__dirname, '..', '..', 'console')], { stdio: 'inherit', timeout: 180_000 });
}

export interface ConsoleBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile of its own, removed on close. */
export async function launchConsoleBrowser(options: { width?: number; height?: number; deviceScaleFactor?: number } = {}): Promise<ConsoleBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'keyward-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Retries `probe` from the test process until it answers something other than null (10 s at
 * most). Not page.waitForFunction with a string: that is eval in the page, which the console's
 * CSP refuses whenever the first check is false.
 */
export async function poll<T>(probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`poll: no answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
