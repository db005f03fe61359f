import { statSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { ROOT, removeDataDir, startServer, type RunningServer } from '../../support/server';
import { CHROMIUM, CHROMIUM_ARGS, SERVER_ENV } from './env';

export const DEMO_PASSWORD = 'Gridcall2026';
export const ADMIN = { phone: '13800000001', name: '王管理' } as const;
export const VOLUNTEER = { phone: '13800000005', name: '刘志愿' } as const;

export const PHONE_360: BrowserContextOptions = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP_1280: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

export interface App {
  readonly url: string;
  /** A new browser profile with its own cookies, set to Chinese as most users' phones are. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * The app as one spec file sees it: its own server on its own copy of the seeded demo database, and
 * its own Chromium. A test fails if, while it ran, a page threw, the CSP blocked something, or the
 * server logged an unexpected error: things a user would notice even when the assertions pass.
 * `env` is read when the server starts: e.g. a spec's own SMTP sink as SMTP_URL.
 */
export function useApp(env: () => Record<string, string> = () => ({})): App {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  const problems: string[] = [];
  let logSeen = 0;
  const builtAt = () => statSync(join(ROOT, 'build/index.js'), { throwIfNoEntry: false })?.mtimeMs;
  let startedOnBuild: number | undefined;

  beforeAll(async () => {
    startedOnBuild = builtAt();
    dataDir = await mkdtemp(join(tmpdir(), 'gridcall-e2e-'));
    await cp(inject('e2eSeededDataDir'), dataDir, { recursive: true });
    const [started, launched] = await Promise.allSettled([
      startServer({ ...SERVER_ENV, ...env() }, { dataDir }),
      chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
    ]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });

  afterEach(() => {
    const log = server?.output() ?? '';
    const serverErrors = log
      .slice(logSeen)
      .split('\n')
      .filter((line) => line.startsWith('[error'))
      .map((line) => `server: ${line}`);
    logSeen = log.length;
    const found = [...problems.splice(0), ...serverErrors];
    if (server && server.process.exitCode !== null) {
      const rebuilt = builtAt() !== startedOnBuild ? ' build/ was rebuilt while the server ran from it, so run the suite again after the build;' : '';
      found.push(`the server exited (code ${server.process.exitCode});${rebuilt} its last output:\n${log.slice(-3000)}`);
    }
    if (found.length) throw new Error(`While this test ran:\n${found.join('\n')}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  return {
    get url() {
      if (!server) throw new Error('the server is not running');
      return server.url;
    },
    async newPage(options = {}) {
      if (!browser || !server) throw new Error('the server or the browser is not running');
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: server.url, ...options });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      page.on('pageerror', (err) => problems.push(`uncaught error in the page at ${page.url()}: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`CSP at ${page.url()}: ${msg.text()}`);
      });
      return page;
    }
  };
}

/**
 * Waits until the document has loaded and its scripts have hydrated it: before that a button whose
 * behaviour is a script (the language switch) does nothing when clicked.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

/** Opens a path and waits until the page is usable; returns the HTTP status. */
export async function open(page: Page, path: string): Promise<number | undefined> {
  const response = await page.goto(path);
  await settled(page);
  return response?.status();
}

/** Logs in through the Chinese login form and waits for the home page. */
export async function logIn(page: Page, identifier: string, password = DEMO_PASSWORD): Promise<void> {
  if (new URL(page.url(), 'http://x').pathname !== '/login') await open(page, '/login');
  await page.getByLabel('手机号或邮箱').fill(identifier);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await settled(page);
}

/** What the page's own scripts report; kept to one line per call site in the specs. */
export const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
export const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
export const pathname = (page: Page) => new URL(page.url()).pathname;

/** A mobile number nobody in the demo city has (the seed uses 138000… and 139000…). */
export function freshPhone(): string {
  return `1395${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}
