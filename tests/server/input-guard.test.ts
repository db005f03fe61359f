import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDb } from '../../src/lib/server/testing/db';
import type { Database } from '../../src/lib/server/db/connect';
import { toCsv, workerRows } from '../../src/lib/server/worker/sample-files';
import { removeDataDir, startServer, type RunningServer } from '../support/server';
import { call, fromNow, HOUR, login, query, units } from '../support/portal';

/**
 * A deeply nested or oversized tRPC input is refused before any JSON is parsed (it used to cost
 * seconds of the only thread), in tRPC's shape and the caller's language, and changes nothing.
 */
let server: RunningServer & { dataDir: string };
let pg: (Database & { url?: string }) | undefined;
let unit: (path: string) => string;

beforeAll(async () => {
  if (process.env.DATABASE_URL) pg = await freshDb();
  server = await startServer({ SEED_DEMO: '1', MAIL_WORKER: '0', ...(pg?.url ? { DATABASE_URL: pg.url } : {}) });
  unit = await units(server.url);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
  await pg?.close();
});
beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(`[server output]\n${server.output().slice(-3000)}`)));

const DEEP_ZH = '提交的内容格式过于复杂，无法处理。请刷新页面后再试。';
const DEEP_EN = 'The data sent is too deeply nested to be processed. Please reload the page and try again.';
const LARGE_ZH = '提交的内容过大，无法处理。请刷新页面后再试。';

/** `[[[…]]]`, `n` deep: 2n bytes. */
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

const api = (path: string) => `${server.url}/api/trpc/${path}`;
async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const t0 = performance.now();
  const res = await fetch(api(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const json = await res.json();
  return { status: res.status, json, ms: performance.now() - t0 };
}
async function get(pathAndQuery: string, headers: Record<string, string> = {}) {
  const res = await fetch(api(pathAndQuery), { headers });
  return { status: res.status, json: await res.json() };
}

describe('a deeply nested input', () => {
  it('is refused as such (400, INPUT_TOO_DEEP, in Chinese), anonymous, without parsing: a 20 KB body 10,000 deep', async () => {
    const body = `{"identifier":${nested(9_990)},"password":"x"}`;
    expect(body.length).toBeGreaterThanOrEqual(20_000);
    const { status, json, ms } = await post('auth.login', body);
    console.log(`deep 20 KB body refused in ${ms.toFixed(1)} ms`);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: -32600, message: DEEP_ZH, data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'auth.login' } });
    expect(json.error.data.userError).toMatchObject({ code: 'INPUT_TOO_DEEP', message: DEEP_ZH });
    expect(json.error.data.userError.requestId).toMatch(/^[0-9a-f]{8}$/);
  });

  it('is told in English to an English caller (Accept-Language or the locale cookie)', async () => {
    const body = `{"0":${nested(5_000)}}`;
    const callers: Record<string, string>[] = [{ 'accept-language': 'en-US,en;q=0.9' }, { cookie: 'gc_locale=en' }];
    for (const headers of callers) {
      const { status, json } = await post('auth.login', body, headers);
      expect(status).toBe(400);
      expect(json.error.message).toBe(DEEP_EN);
      expect(json.error.data.userError).toMatchObject({ code: 'INPUT_TOO_DEEP', message: DEEP_EN });
    }
  });

  it('is refused in a query’s ?input=, single and batched', async () => {
    const input = encodeURIComponent(nested(2_000));
    const single = await get(`org.tree?input=${input}`);
    expect(single.status).toBe(400);
    expect(single.json.error.data.userError.code).toBe('INPUT_TOO_DEEP');
    expect(single.json.error.message).toBe(DEEP_ZH);

    const batch = await get(`org.tree,auth.me?batch=1&input=${encodeURIComponent(`{"0":{},"1":${nested(2_000)}}`)}`, { 'accept-language': 'en' });
    expect(batch.status).toBe(400);
    expect(batch.json).toHaveLength(2);
    expect(batch.json.map((a: { error: { data: { path: string; userError: { code: string } } } }) => [a.error.data.path, a.error.data.userError.code])).toEqual([
      ['org.tree', 'INPUT_TOO_DEEP'],
      ['auth.me', 'INPUT_TOO_DEEP']
    ]);
    expect(batch.json[1].error.message).toBe(DEEP_EN);
  });

  it('is refused in a batched POST, for every call of the batch', async () => {
    const { status, json } = await post('auth.login,auth.logout?batch=1', `{"0":{"identifier":"13800000005","password":"Gridcall2026"},"1":${nested(5_000)}}`);
    expect(status).toBe(400);
    expect(json).toHaveLength(2);
    for (const answer of json) expect(answer.error.data.userError).toMatchObject({ code: 'INPUT_TOO_DEEP', message: DEEP_ZH });
  });

  it('changes nothing: a callout whose input carries a deep extra key is not created (zod alone would strip the key and create it)', async () => {
    const cookie = await login(server.url, '13800000004');
    const fields = {
      gridId: unit('湖滨社区/第一网格'), title: '嵌套测试：楼道清扫', category: 'civility', place: '湖滨社区服务站',
      startsAt: fromNow(3 * HOUR), endsAt: fromNow(5 * HOUR), slots: 3, requiredSkills: []
    };
    const before = await query<{ title: string }[]>(server.url, 'callout.list', { scope: 'managed', category: 'civility', limit: 100 }, cookie);
    const deep = JSON.stringify(fields).replace(/}$/, `,"extra":${nested(5_000)}}`);
    const { status, json } = await post('callout.create', deep, { cookie });
    expect(status).toBe(400);
    expect(json.error.data.userError.code).toBe('INPUT_TOO_DEEP');
    const after = await query<{ title: string }[]>(server.url, 'callout.list', { scope: 'managed', category: 'civility', limit: 100 }, cookie);
    expect(after.length).toBe(before.length);
    expect(after.some((c) => c.title === fields.title)).toBe(false);

    // The same callout as the form sends it (nested two deep: the object and its skills) is created.
    const created = await call<{ id: string }>(server.url, 'mutation', 'callout.create', { ...fields, requiredSkills: ['first_aid'] }, cookie);
    expect(created.status, JSON.stringify(created.error)).toBe(200);
    const listed = await query<{ id: string; title: string }[]>(server.url, 'callout.list', { scope: 'managed', category: 'civility', limit: 100 }, cookie);
    expect(listed.filter((c) => c.title === fields.title).map((c) => c.id)).toEqual([created.data!.id]);
  });
});

describe('an oversized input', () => {
  it('is refused as too large (413, INPUT_TOO_LARGE) past 1 MB on an ordinary call', async () => {
    const { status, json } = await post('auth.login', JSON.stringify({ identifier: 'x'.repeat(1_100_000), password: 'y' }));
    expect(status).toBe(413);
    expect(json.error).toMatchObject({ code: -32013, message: LARGE_ZH, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } });
    expect(json.error.data.userError.code).toBe('INPUT_TOO_LARGE');
  });

  it('is refused on an upload too when the JSON around the file is big: a 1 MB array is not a file', async () => {
    const body = `{"kind":"workers","fileName":"a.csv","contentBase64":"","commit":false,"x":[${'0,'.repeat(600_000)}0]}`;
    const { status, json } = await post('worker.import', body);
    expect(status).toBe(413);
    expect(json.error.data.userError.code).toBe('INPUT_TOO_LARGE');
  });

  it('is not what an upload is: a worker import over 1 MB is checked, and a 12 MB file is told it is too big in the import’s own words', async () => {
    const hr = await login(server.url, '13800000002');
    const csv = toCsv(workerRows(8_000, { phonePrefix: '185' }));
    const input = { kind: 'workers', fileName: 'workers.csv', contentBase64: csv.toString('base64'), commit: false };
    expect(JSON.stringify(input).length).toBeGreaterThan(1024 * 1024);
    const checked = await call<{ fileError: string | null; rows: number; validRows: number }>(server.url, 'mutation', 'worker.import', input, hr);
    expect(checked.status, JSON.stringify(checked.error)).toBe(200);
    expect(checked.data).toMatchObject({ fileError: null, rows: 8_000, validRows: 8_000 });

    const big = Buffer.alloc(12 * 1024 * 1024, 0x41).toString('base64');
    const refused = await call<{ fileError: string | null }>(server.url, 'mutation', 'worker.import', { ...input, contentBase64: big }, hr);
    expect(refused.status).toBe(200);
    expect(refused.data!.fileError).toBe('文件太大（12.0 MB），上限为 10.0 MB。请分成几个文件导入。');
  });
});

describe('what the guard lets through', () => {
  it('answers ordinary calls as before: a flat 20 KB body is zod’s to refuse, a query with ?input= works', async () => {
    const flat = await post('auth.login', JSON.stringify({ identifier: 'x'.repeat(19_960), password: 'y' }));
    console.log(`flat 20 KB body refused in ${flat.ms.toFixed(1)} ms`);
    expect(flat.status).toBe(400);
    expect(flat.json.error.data.userError.code).toBe('VALIDATION');
    const cookie = await login(server.url, '13800000005');
    const list = await call<unknown[]>(server.url, 'query', 'callout.list', { scope: 'reach', limit: 5 }, cookie);
    expect(list.status, JSON.stringify(list.error)).toBe(200);
    expect(Array.isArray(list.data)).toBe(true);
  });
});
