import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PHONE_360, VOLUNTEER, logIn, open, useApp } from './support/browser';

const app = useApp();
const HR = '13800000002';
const GRID_WORKER = '13800000004';
const HOUR = 3600_000;

/** Both run `window.__xss = 1` if a page ever puts stored text into the document as markup. */
const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=1</script>';
const BOTH = `${IMG}${SCRIPT}`;

interface UnitNode { id: string; name: string; children: UnitNode[] }

/** A tRPC call over HTTP with the page's session cookie, as any outside client makes it: queries GET, mutations POST. */
async function api<T>(page: Page, path: string, input?: unknown, kind: 'query' | 'mutation' = input === undefined ? 'query' : 'mutation'): Promise<T> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = kind === 'query' ? await page.request.get(`/api/trpc/${path}${query}`) : await page.request.post(`/api/trpc/${path}`, { data: input });
  const body = (await response.json()) as { result?: { data: T }; error?: unknown };
  if (!response.ok() || !body.result) throw new Error(`${path}: ${response.status()} ${JSON.stringify(body.error)}`);
  return body.result.data;
}

function findUnit(nodes: UnitNode[], name: string): UnitNode | undefined {
  for (const n of nodes) {
    const found = n.name === name ? n : findUnit(n.children, name);
    if (found) return found;
  }
  return undefined;
}

/** The page shows `text` as text, made no element of it, and none of it ran. */
async function shownAsText(page: Page, path: string, text: string) {
  await open(page, path);
  await page.getByText(text).first().waitFor();
  expect(await page.locator('img[src="x"]').count(), `${path}: an <img> made of stored text`).toBe(0);
  const injected = await page.evaluate(() => [...document.querySelectorAll('script')].some((s) => s.textContent === 'window.__xss=1'));
  expect(injected, `${path}: a <script> made of stored text`).toBe(false);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), `${path}: the payload ran`).toBeUndefined();
}

describe('stored text is escaped on every page that shows it', () => {
  it('a callout title, a team name and an honour citation carrying markup show as literal text', async () => {
    // The grid worker posts and publishes a callout whose title is markup.
    const worker = await app.newPage(PHONE_360);
    await logIn(worker, GRID_WORKER);
    const tree = await api<UnitNode[]>(worker, 'org.tree');
    const grid = findUnit(findUnit(tree, '湖滨社区')!.children, '第一网格')!;
    const start = Date.now() + 48 * HOUR;
    const { id: calloutId } = await api<{ id: string }>(worker, 'callout.create', {
      gridId: grid.id, title: BOTH, description: SCRIPT, category: 'patrol', urgency: 'normal', place: IMG,
      startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), slots: 3, requiredSkills: []
    });
    await api(worker, 'callout.publish', { calloutId });

    // The volunteer founds a team named with markup (40 characters at most: the image alone).
    const volunteer = await app.newPage(PHONE_360);
    await logIn(volunteer, VOLUNTEER.phone);
    await api(volunteer, 'team.create', { name: IMG });

    // HR honours 张网格 with a citation that is markup.
    const hr = await app.newPage(PHONE_360);
    await logIn(hr, HR);
    const { items } = await api<{ items: { userId: string; name: string }[] }>(hr, 'worker.list', { search: '张网格' }, 'query');
    const zhang = items.find((w) => w.name === '张网格')!;
    await api(hr, 'career.honour.award', { workerId: zhang.userId, typeCode: 'service_star', year: 2025, citation: BOTH });

    for (const page of [worker, volunteer]) {
      await shownAsText(page, '/callouts', BOTH);
      await shownAsText(page, `/callouts/${calloutId}`, BOTH);
    }
    await shownAsText(volunteer, `/callouts/${calloutId}`, IMG);
    await shownAsText(volunteer, '/teams', IMG);

    // The public honour roll of 东湖街道, opened by someone not signed in.
    const visitor = await app.newPage(PHONE_360);
    await shownAsText(visitor, `/honours/${findUnit(tree, '东湖街道')!.id}`, BOTH);
  });
});
