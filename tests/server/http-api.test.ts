import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../src/lib/server/testing/db';
import type { Database } from '../../src/lib/server/db/connect';
import { removeDataDir, startServer, type RunningServer } from '../support/server';

/** The API as an outside client meets it: plain JSON over HTTP, errors in the caller's language, never a 500. */
let server: RunningServer & { dataDir: string };
let pg: (Database & { url?: string }) | undefined;

beforeAll(async () => {
  if (process.env.DATABASE_URL) pg = await freshDb();
  server = await startServer({ SEED_DEMO: '1', MAIL_WORKER: '0', ...(pg?.url ? { DATABASE_URL: pg.url } : {}) });
});
afterAll(async () => {
  await server?.stop();
  await removeDataDir(server.dataDir);
  await pg?.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function login(identifier: string, password: string) {
  const res = await post('auth.login', JSON.stringify({ identifier, password }));
  return { res, cookie: res.headers.get('set-cookie') ?? '' };
}

describe('over HTTP', () => {
  it('answers /healthz when the database answers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('serves the Chinese login page with security headers', async () => {
    const res = await fetch(`${server.url}/login`);
    const html = await res.text();
    expect(html, server.output()).toContain('<html lang="zh-CN">');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('登录网格通');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('signs in with a session cookie that scripts cannot read, and the session works for queries', async () => {
    const { res, cookie } = await login('13800000005', 'Gridcall2026');
    expect(res.status).toBe(200);
    expect(cookie).toMatch(/^gc_session=[a-z2-7]{32};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure'); // plain http on loopback; Secure comes with an https ORIGIN
    const me = await fetch(`${server.url}/api/trpc/auth.me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect((await me.json()).result.data.name).toBe('刘志愿');
  });

  it('turns malformed requests into 4xx answers in the caller language', async () => {
    const cases: [string, string, Record<string, string>, number, string][] = [
      ['auth.login', '{not json', {}, 400, '请求格式不正确。'],
      ['auth.login', '{"identifier": 12, "password": []}', {}, 400, '提交的内容有误，请检查标注的字段。'],
      ['auth.login', JSON.stringify({ identifier: 'x'.repeat(100_000), password: 'y' }), {}, 400, '提交的内容有误，请检查标注的字段。'],
      ['auth.login', '{"identifier": "13800000005", "password": "wrong-one1"}', { 'accept-language': 'en-US,en;q=0.9' }, 401, 'Wrong mobile number/e-mail or password.'],
      ['auth.register', '{"name":"张三","phone":"12345678901","password":"abc12345","homeCommunityId":"00000000-0000-0000-0000-000000000000"}', {}, 400, '提交的内容有误，请检查标注的字段。'],
      ['auth.nope', '{}', {}, 404, '没有找到该内容，或您无权查看。'],
      ['auth.logout', '{}', {}, 401, '请先登录。']
    ];
    for (const [path, body, headers, status, message] of cases) {
      const res = await post(path, body, headers);
      const json = await res.json();
      expect(res.status, `${path} ${body.slice(0, 40)}`).toBe(status);
      expect(json.error.message, `${path} ${body.slice(0, 40)}`).toBe(message);
    }
  });

  it('names the wrong field: not a mainland mobile number', async () => {
    const res = await post('auth.register', JSON.stringify({ name: '张三', phone: '02012345678', password: 'abc12345', homeCommunityId: '00000000-0000-0000-0000-000000000000' }));
    const json = await res.json();
    expect(json.error.data.userError.fields.phone).toBe('请输入 11 位中国大陆手机号');
  });

  it('refuses a form post from another site (CSRF)', async () => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
      body: 'identifier=13800000005&password=Gridcall2026'
    });
    expect(res.status).toBe(403);
  });
});

describe('an ended session', () => {
  it('is told it has expired, on the API and on pages', async () => {
    const { cookie } = await login('13800000005', 'Gridcall2026');
    const session = cookie.split(';')[0]!;
    const out = await fetch(`${server.url}/logout`, {
      method: 'POST',
      headers: { cookie: session, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual'
    });
    expect(out.headers.get('location')).toBe('/login?out');
    const api = await fetch(`${server.url}/api/trpc/auth.me`, { headers: { cookie: session } });
    expect(api.status).toBe(401);
    expect((await api.json()).error.message).toBe('登录已过期，请重新登录。');
    const page = await fetch(`${server.url}/profile`, { headers: { cookie: session }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?expired&next=%2Fprofile');
  });
});

describe('the public certificate check', () => {
  it('shows the masked name and hours of a real code; that code changed in one character is no certificate', async () => {
    const { cookie } = await login('13800000005', 'Gridcall2026');
    const issued = await post('certificate.issue', '{}', { cookie: cookie.split(';')[0]! });
    const { code } = (await issued.json()).result.data;
    const page = await (await fetch(`${server.url}/verify/${code}`)).text();
    expect(page).toContain('这是网格通签发的有效证明。');
    expect(page).toContain('刘*愿');
    expect(page).not.toContain('刘志愿');
    // The real code with one character changed, at the end or in the middle, is no certificate.
    const other = (c: string) => (c === 'A' ? 'B' : 'A');
    for (const forged of [code.slice(0, -1) + other(code.at(-1)), code.slice(0, 6) + other(code[6]) + code.slice(7)]) {
      const page = await (await fetch(`${server.url}/verify/${forged}`)).text();
      expect(page, forged).toContain('没有找到该编号的证明');
      expect(page, forged).not.toContain('刘*愿');
    }
    // Typed in lower case it is still the same certificate.
    expect(await (await fetch(`${server.url}/verify/${code.toLowerCase()}`)).text()).toContain('这是网格通签发的有效证明。');
  });
});
