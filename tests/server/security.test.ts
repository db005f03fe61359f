import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../src/lib/server/testing/db';
import type { Database } from '../../src/lib/server/db/connect';
import { freePort, removeDataDir, startServer, type RunningServer } from '../support/server';
import { call, codeOf, login, mutate, query, units } from '../support/portal';

/**
 * The built server as it runs behind HTTPS (ORIGIN=https://…; the proxy in front ends TLS): the
 * CSRF origin check on form posts, security headers, cookie flags, and sessions that end when they
 * should. The plain-HTTP side (no Secure flag, no HSTS) is in http-api.test.ts.
 */
let server: RunningServer & { dataDir: string };
let pg: (Database & { url?: string }) | undefined;
let origin: string;
let unit: (path: string) => string;

beforeAll(async () => {
  if (process.env.DATABASE_URL) pg = await freshDb();
  const port = await freePort();
  origin = `https://127.0.0.1:${port}`;
  server = await startServer({ ORIGIN: origin, SEED_DEMO: '1', MAIL_WORKER: '0', ...(pg?.url ? { DATABASE_URL: pg.url } : {}) }, { port });
  unit = await units(server.url);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (server) await removeDataDir(server.dataDir);
  await pg?.close();
});

const url = () => server.url;

/** A form post as a browser sends it, from the page `from` (its Origin header). */
const formPost = (path: string, body: string, from: string | null, cookie?: string) =>
  fetch(`${url()}${path}`, {
    method: 'POST',
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...(from ? { origin: from } : {}), ...(cookie ? { cookie } : {}) },
    body,
    redirect: 'manual'
  });

const sessionOf = (res: Response) => res.headers.get('set-cookie')?.match(/gc_session=[a-z2-7]+/)?.[0];

/** A user of its own per test, so that sessions ended here touch no one else. */
async function newcomer(phone: string) {
  const answer = await call(url(), 'mutation', 'auth.register', { name: '安全测试', phone, password: 'abc12345', homeCommunityId: unit('湖滨社区') });
  expect(answer.status, JSON.stringify(answer.error)).toBe(200);
  return answer.cookie!;
}

describe('CSRF: SvelteKit checks the Origin of form posts', () => {
  it('refuses a login form posted from another site, or with no Origin at all', async () => {
    for (const from of ['https://evil.example', `http://127.0.0.1:${server.port}`, null]) {
      const res = await formPost('/login', 'identifier=13800000005&password=Gridcall2026', from);
      expect(res.status, String(from)).toBe(403);
      expect(sessionOf(res)).toBeUndefined();
    }
  });

  it('refuses the API in the content types a cross-site form can send', async () => {
    const cookie = await login(url(), '13800000005');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await fetch(`${url()}/api/trpc/auth.logout`, { method: 'POST', headers: { 'content-type': type, origin: 'https://evil.example', cookie }, body: '{}' });
      expect(res.status, type).toBe(403);
    }
    // The session survived all three.
    expect((await call(url(), 'query', 'auth.me', undefined, cookie)).status).toBe(200);
  });

  it('allows no other site to call the JSON API from a browser (no CORS grant)', async () => {
    const preflight = await fetch(`${url()}/api/trpc/auth.logout`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${url()}/api/trpc/org.tree`, { headers: { origin: 'https://evil.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts the same form from the portal itself', async () => {
    const res = await formPost('/login', 'identifier=13800000005&password=Gridcall2026', origin);
    expect(res.status).toBe(303);
    expect(sessionOf(res)).toBeDefined();
  });
});

describe('security headers', () => {
  it('a page: CSP with hashed scripts only, no framing, nosniff, referrer policy, HSTS', async () => {
    const res = await fetch(`${url()}/login`);
    const html = await res.text();
    const csp = Object.fromEntries(
      (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values])
    );
    expect(csp['script-src']).toContain("'self'");
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    expect(csp['script-src']).not.toContain("'unsafe-eval'");
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    expect(csp['form-action']).toEqual(["'self'"]);
    // Every inline script of the page (SvelteKit's start-up) is allowed by its hash, and only so.
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(inline.length).toBeGreaterThan(0);
    for (const body of inline) expect(csp['script-src']).toContain(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);

    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=(\d+); includeSubDomains$/);
    expect(Number(res.headers.get('strict-transport-security')!.match(/\d+/)![0])).toBeGreaterThanOrEqual(31_536_000);
  });

  it('the API and error pages carry them too', async () => {
    for (const path of ['/api/trpc/org.tree', '/no-such-page', '/healthz']) {
      const res = await fetch(`${url()}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('strict-transport-security'), path).toContain('max-age=');
    }
  });
});

describe('the session cookie and its life', () => {
  it('is HttpOnly, SameSite=Lax and Secure under https', async () => {
    const res = await call(url(), 'mutation', 'auth.login', { identifier: '13800000005', password: 'Gridcall2026' });
    const cookie = res.setCookie ?? '';
    expect(cookie).toMatch(/^gc_session=[a-z2-7]{32};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
  });

  it('logging in again ends the session the browser had (API and form)', async () => {
    const first = await newcomer('13600009001');
    const second = await login(url(), '13600009001', 'abc12345', first);
    expect(second).not.toBe(first);
    expect((await call(url(), 'query', 'auth.me', undefined, first)).status).toBe(401);
    expect((await call(url(), 'query', 'auth.me', undefined, second)).status).toBe(200);

    const res = await formPost('/login', 'identifier=13600009001&password=abc12345', origin, second);
    expect(res.status).toBe(303);
    const third = sessionOf(res)!;
    expect(third).toBeDefined();
    expect(third).not.toBe(second);
    expect((await call(url(), 'query', 'auth.me', undefined, second)).status).toBe(401);
    expect((await call(url(), 'query', 'auth.me', undefined, third)).status).toBe(200);
  });

  it('a password change ends every other session of the user; this one stays', async () => {
    const here = await newcomer('13600009002');
    const elsewhere = await login(url(), '13600009002', 'abc12345');
    await mutate(url(), 'auth.changePassword', { currentPassword: 'abc12345', newPassword: 'xyz98765' }, here);
    const ended = await call(url(), 'query', 'auth.me', undefined, elsewhere);
    expect(ended.status).toBe(401);
    expect(ended.error?.message).toBe('登录已过期，请重新登录。');
    expect((await call(url(), 'query', 'auth.me', undefined, here)).status).toBe(200);
    expect(codeOf(await call(url(), 'mutation', 'auth.login', { identifier: '13600009002', password: 'abc12345' }))).toBe('LOGIN_FAILED');
    await login(url(), '13600009002', 'xyz98765');
  });

  it('a role granted or revoked ends the person\'s sessions', async () => {
    const person = await newcomer('13600009003');
    const { userId } = await query<{ userId: string }>(url(), 'auth.me', undefined, person);
    const admin = await login(url(), '13800000001');
    const { membershipId } = await mutate<{ membershipId: string }>(url(), 'account.grantRole', { userId, role: 'volunteer', orgUnitId: unit('桃园社区') }, admin);
    expect((await call(url(), 'query', 'auth.me', undefined, person)).status).toBe(401);

    const again = await login(url(), '13600009003', 'abc12345');
    const me = await query<{ memberships: { unitName: string }[] }>(url(), 'auth.me', undefined, again);
    expect(me.memberships.map((m) => m.unitName).sort()).toEqual(['桃园社区', '湖滨社区']);
    await mutate(url(), 'account.revokeRole', { membershipId }, admin);
    expect((await call(url(), 'query', 'auth.me', undefined, again)).status).toBe(401);
    // The admin's own session is not touched by changing someone else's roles.
    expect((await call(url(), 'query', 'auth.me', undefined, admin)).status).toBe(200);
  });
});
