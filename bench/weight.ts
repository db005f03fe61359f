import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { startServer } from '../tests/support/server';
import { defer } from './cleanup';

const PASSWORD = 'Gridcall2026';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Every page, by who can open it (demo accounts); dynamic ids are looked up at run time. */
const PAGES: { who: string | null; path: string }[] = [
  { who: null, path: '/login' },
  { who: null, path: '/register' },
  { who: '13800000005', path: '/' },
  { who: '13800000005', path: '/callouts' },
  { who: '13800000005', path: '/calendar' },
  { who: '13800000005', path: '/hours' },
  { who: '13800000005', path: '/teams' },
  { who: '13800000005', path: '/profile' },
  { who: '13800000004', path: '/callouts/new' },
  { who: '13800000004', path: '/payslips' },
  { who: '13800000004', path: '/career' },
  { who: '13800000004', path: '/wellbeing' },
  { who: '13800000004', path: '/wellbeing/book' },
  { who: '13800000003', path: '/counseling' },
  { who: '13800000003', path: '/wellbeing/aggregates' },
  { who: '13800000002', path: '/hr/workers' },
  { who: '13800000002', path: '/hr/workers/import' },
  { who: '13800000002', path: '/hr/pay' },
  { who: '13800000002', path: '/hr/career' },
  { who: '13800000001', path: '/dashboard' },
  { who: '13800000001', path: '/admin/org' },
  { who: '13800000001', path: '/admin/accounts' },
  { who: '13800000001', path: '/admin/negative-terms' },
  { who: '13800000001', path: '/admin/themes' },
  { who: '13800000001', path: '/admin/events' },
  { who: '13800000001', path: '/admin/mailbox' }
];

async function weigh(browser: Browser, url: string, who: string | null, path: string): Promise<number> {
  const context = await browser.newContext({ baseURL: url, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    if (who) {
      const res = await page.request.post('/api/trpc/auth.login', { data: { identifier: who, password: PASSWORD } });
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
  let stop: (() => Promise<void>) | undefined;
  let browser: Browser | undefined;
  const cleanup = defer(async () => {
    await browser?.close();
    await stop?.();
  });
  try {
    const server = await startServer({ MAIL_WORKER: '0' });
    stop = server.stop;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    const weights: { path: string; kb: number }[] = [];
    for (const { who, path } of PAGES) weights.push({ path, kb: Math.round((await weigh(browser, server.url, who, path)) / 102.4) / 10 });
    weights.sort((a, b) => b.kb - a.kb);
    const median = weights[Math.floor(weights.length / 2)]!.kb;
    return { weights, largest: weights[0]!, median };
  } finally {
    await cleanup();
  }
}
