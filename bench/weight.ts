import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { defer } from './cleanup';
import { DEMO, DEMO_PASSWORD } from './portal';
import { withSeededServer } from './seeded';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const { volunteer, gridWorker, counselor, hr, admin } = DEMO;
/** Every page, by who can open it (demo accounts); dynamic ids are looked up at run time. */
const PAGES: { who: string | null; path: string }[] = [
  { who: null, path: '/login' },
  { who: null, path: '/register' },
  { who: volunteer, path: '/' },
  { who: volunteer, path: '/callouts' },
  { who: volunteer, path: '/calendar' },
  { who: volunteer, path: '/hours' },
  { who: volunteer, path: '/teams' },
  { who: volunteer, path: '/profile' },
  { who: gridWorker, path: '/callouts/new' },
  { who: gridWorker, path: '/payslips' },
  { who: gridWorker, path: '/career' },
  { who: gridWorker, path: '/wellbeing' },
  { who: gridWorker, path: '/wellbeing/book' },
  { who: counselor, path: '/counseling' },
  { who: counselor, path: '/wellbeing/aggregates' },
  { who: hr, path: '/hr/workers' },
  { who: hr, path: '/hr/workers/import' },
  { who: hr, path: '/hr/pay' },
  { who: hr, path: '/hr/career' },
  { who: admin, path: '/dashboard' },
  { who: admin, path: '/admin/org' },
  { who: admin, path: '/admin/accounts' },
  { who: admin, path: '/admin/negative-terms' },
  { who: admin, path: '/admin/themes' },
  { who: admin, path: '/admin/events' },
  { who: admin, path: '/admin/mailbox' }
];

async function weigh(browser: Browser, url: string, who: string | null, path: string): Promise<number> {
  const context = await browser.newContext({ baseURL: url, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    if (who) {
      const res = await page.request.post('/api/trpc/auth.login', { data: { identifier: who, password: DEMO_PASSWORD } });
      if (!res.ok()) throw new Error(`login as ${who}: ${res.status()}`);
    }
    let bytes = 0;
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      pending.push(response.body().then((body) => void (bytes += gzipSync(body).length)).catch(() => undefined));
    });
    const answer = await page.goto(path, { waitUntil: 'networkidle' });
    if (!answer || answer.status() >= 400) throw new Error(`${path} as ${who ?? 'anonymous'}: ${answer?.status()}`);
    await Promise.all(pending);
    return bytes;
  } finally {
    await context.close();
  }
}

/**
 * First-load JavaScript of each page (gzip, as a browser with an empty cache downloads it):
 * the scripts Chromium fetches until the network is idle, each compressed with gzip.
 */
export async function pageWeights() {
  return withSeededServer('pglite', { env: { MAIL_WORKER: '0' } }, async (server) => {
    let browser: Browser | undefined;
    const closeBrowser = defer(async () => await browser?.close());
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
      const weights: { path: string; kb: number }[] = [];
      for (const { who, path } of PAGES) weights.push({ path, kb: Math.round((await weigh(browser, server.url, who, path)) / 102.4) / 10 });
      weights.sort((a, b) => b.kb - a.kb);
      const median = weights[Math.floor(weights.length / 2)]!.kb;
      return { weights, largest: weights[0]!, median };
    } finally {
      await closeBrowser();
    }
  });
}
