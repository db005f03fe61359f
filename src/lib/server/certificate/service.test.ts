import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { signUp } from '../callout/service/sign-up';
import { GET as pdfEndpoint } from '../../../routes/(app)/certificates/[code]/pdf/+server';
import { certificatePdf, maskName } from './service';
import { formatHours } from './pdf';

let database: Database;
let unit: (name: string) => UnitRef;
let gridWorker: Actor;
const db = () => database.db;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  gridWorker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'));
});
afterAll(() => database.close());

const volunteer = (name?: string) => makeUser(db(), 'volunteer', unit('湖滨社区'), { name });
const codeOf = async (id: string) => (await callerFor(db(), gridWorker).callout.siteCode({ calloutId: id })).code;

/**
 * Hours reach the ledger for real: sign up, check in with the site code, stay `onSite` minutes
 * (the check-in is moved back by that much), check out with the code. The clock records the
 * minutes; nobody has confirmed them yet.
 */
async function attend(v: Actor, title: string, onSite = 0) {
  const id = await openCallout(db(), gridWorker, unit('湖滨社区/第一网格'), { title });
  await signUp(db(), v, id);
  const started = sql<Date>`now() - ${`${onSite + 10} minutes`}::interval`;
  await db()
    .updateTable('callout')
    .set({ startsAt: started, endsAt: sql`now() + interval '50 minutes'`, signupDeadline: started, cancelDeadline: sql`${started} - interval '2 hours'` })
    .where('id', '=', id)
    .execute();
  const api = callerFor(db(), v);
  await api.callout.checkIn({ calloutId: id, code: await codeOf(id) });
  const signup = await db().selectFrom('signup').select('id').where('calloutId', '=', id).where('volunteerId', '=', v.userId).executeTakeFirstOrThrow();
  await db().updateTable('signup').set({ checkedInAt: sql`checked_in_at - ${`${onSite} minutes`}::interval` }).where('id', '=', signup.id).execute();
  const { minutes } = await api.callout.checkOut({ calloutId: id, code: await codeOf(id) });
  return { calloutId: id, signupId: signup.id, recorded: minutes };
}

/**
 * As `attend`, then the grid worker confirms `minutes` (a correction with a reason, since the clock
 * recorded fewer). Afterwards the callout is moved to `startsAt`, so the certificate has a known
 * date to print.
 */
async function serve(v: Actor, title: string, minutes: number | null, startsAt?: string) {
  const { calloutId: id, signupId } = await attend(v, title);
  if (minutes !== null) await callerFor(db(), gridWorker).callout.confirmHours({ signupId, minutes, reason: '按现场签到表核定' });
  if (startsAt) {
    const start = new Date(startsAt);
    await db()
      .updateTable('callout')
      .set({ startsAt: start, endsAt: new Date(start.getTime() + 4 * 3600_000), signupDeadline: start, cancelDeadline: start })
      .where('id', '=', id)
      .execute();
  }
  return { calloutId: id, signupId };
}

/** The text a PDF reader extracts, page by page: only real Unicode (a ToUnicode map) gets the Chinese back. */
async function textOf(pdf: Uint8Array): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  }
  await document.destroy();
  return pages.join('\n');
}

describe('issuing a certificate', () => {
  it('snapshots the confirmed total; a later correction changes only the next certificate', async () => {
    const v = await volunteer();
    const first = await serve(v, '湖滨公园垃圾清理', 90);
    await serve(v, '敬老院重阳节活动保障', 660);
    await serve(v, '尚未确认的巡查', null); // recorded by the clock, never confirmed: not on a certificate
    const api = callerFor(db(), v);

    const { code } = await api.certificate.issue();
    expect(code).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{12}$/);
    expect(await api.certificate.mine()).toEqual([{ code, totalMinutes: 750, calloutCount: 2, issuedAt: expect.any(Date) }]);

    await callerFor(db(), gridWorker).callout.confirmHours({ signupId: first.signupId, minutes: 30, reason: '提前离场' });
    expect(await callerFor(db(), null).certificate.verify({ code })).toMatchObject({ totalMinutes: 750, calloutCount: 2 });

    const second = await api.certificate.issue();
    expect(second.code).not.toBe(code);
    const mine = await api.certificate.mine();
    expect(mine.map((c) => [c.code, c.totalMinutes])).toEqual([
      [second.code, 690],
      [code, 750]
    ]);
    // Someone else's list is their own.
    expect(await callerFor(db(), await volunteer()).certificate.mine()).toEqual([]);
  });

  it('counts confirmed minutes only: recorded minutes waiting for the grid worker are not on it', async () => {
    const v = await volunteer();
    const cleanup = await attend(v, '湖滨公园垃圾清理', 135);
    const patrol = await attend(v, '夜间治安巡逻', 95);
    const mistaken = await attend(v, '文明劝导', 40);
    expect([cleanup.recorded, patrol.recorded, mistaken.recorded]).toEqual([135, 95, 40]);
    const worker = callerFor(db(), gridWorker).callout;
    await worker.confirmHours({ signupId: cleanup.signupId }); // as recorded
    await worker.confirmHours({ signupId: mistaken.signupId, minutes: 0, reason: '签到有误，未实际到岗' });
    const api = callerFor(db(), v);

    const { code } = await api.certificate.issue();
    expect(await callerFor(db(), null).certificate.verify({ code })).toMatchObject({ totalMinutes: 135, calloutCount: 1 });
    const linesOf = (c: string) =>
      db().selectFrom('hoursCertificateLine as l').innerJoin('hoursCertificate as h', 'h.id', 'l.certificateId').select(['l.title', 'l.minutes']).where('h.code', '=', c).orderBy('l.position').execute();
    expect(await linesOf(code)).toEqual([{ title: '湖滨公园垃圾清理', minutes: 135 }]);

    // Once the patrol is confirmed, the next certificate has it; the first one stays as issued.
    await worker.confirmHours({ signupId: patrol.signupId });
    const next = await api.certificate.issue();
    expect(await callerFor(db(), null).certificate.verify({ code: next.code })).toMatchObject({ totalMinutes: 230, calloutCount: 2 });
    expect(await linesOf(next.code)).toEqual([
      { title: '湖滨公园垃圾清理', minutes: 135 },
      { title: '夜间治安巡逻', minutes: 95 }
    ]);
    expect(await callerFor(db(), null).certificate.verify({ code })).toMatchObject({ totalMinutes: 135, calloutCount: 1 });
  });

  it('a volunteer without confirmed hours gets a certificate of none', async () => {
    const v = await volunteer();
    const { code } = await callerFor(db(), v).certificate.issue();
    expect(await callerFor(db(), null).certificate.verify({ code })).toMatchObject({ totalMinutes: 0, calloutCount: 0 });
  });

  it('certificates cannot be edited or deleted, nor their lines', async () => {
    const v = await volunteer();
    await serve(v, '文明劝导', 45);
    await callerFor(db(), v).certificate.issue();
    await expect(db().updateTable('hoursCertificate').set({ totalMinutes: 6000 }).where('volunteerId', '=', v.userId).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('hoursCertificate').where('volunteerId', '=', v.userId).execute()).rejects.toThrow(/append-only/);
    await expect(db().updateTable('hoursCertificateLine').set({ minutes: 600 }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('hoursCertificateLine').execute()).rejects.toThrow(/append-only/);
  });
});

describe('verifying a certificate', () => {
  it('anyone sees the masked name and the totals, and nothing else', async () => {
    const v = await volunteer('刘志愿');
    await serve(v, '政策宣传进社区', 150);
    const { code } = await callerFor(db(), v).certificate.issue();
    const result = await callerFor(db(), null).certificate.verify({ code });
    expect(result).toEqual({ name: '刘*愿', totalMinutes: 150, calloutCount: 1, issuedAt: expect.any(Date) });
    // As printed, with dashes, or typed in lower case.
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)} ${code.slice(8)}`.toLowerCase();
    expect(await callerFor(db(), null).certificate.verify({ code: typed })).toEqual(result);
  });

  it('a real code changed in one character is not found: at the end, in the middle, typed in lower case', async () => {
    const v = await volunteer('刘志愿');
    await serve(v, '政策宣传进社区', 150);
    const { code } = await callerFor(db(), v).certificate.issue();
    const verify = (c: string) => callerFor(db(), null).certificate.verify({ code: c });
    // Another letter of the code alphabet in place `at`, so the forgery is well formed.
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const changed = (at: number) => code.slice(0, at) + alphabet[(alphabet.indexOf(code[at]!) + 1) % alphabet.length] + code.slice(at + 1);
    const forgeries = [changed(11), changed(6), changed(0), changed(11).toLowerCase(), `${changed(6).slice(0, 4)}-${changed(6).slice(4, 8)}-${changed(6).slice(8)}`];
    for (const forged of forgeries) {
      expect(forged.toUpperCase().replace(/-/g, ''), forged).not.toBe(code);
      const outcome = await verify(forged).then((found) => ({ found }), (err) => failureOf(Promise.reject(err)));
      expect(outcome, forged).toMatchObject({ status: 404, code: 'NOT_FOUND', message: '没有找到该内容，或您无权查看。' });
    }
    // Case is forgiven (the code is read off paper): the real code in lower case is the same certificate.
    expect(await verify(code.toLowerCase())).toMatchObject({ name: '刘*愿', totalMinutes: 150, calloutCount: 1 });
    expect(await verify(code)).toMatchObject({ name: '刘*愿', totalMinutes: 150, calloutCount: 1 });
  });

  it('an unknown code is NOT_FOUND; a malformed one is refused as input', async () => {
    const unknown = await failureOf(callerFor(db(), null).certificate.verify({ code: 'ABCDEFGHJKLM' }));
    expect(unknown).toMatchObject({ status: 404, code: 'NOT_FOUND', message: '没有找到该内容，或您无权查看。' });
    const malformed = await failureOf(callerFor(db(), null).certificate.verify({ code: 'ABC0O1I' }));
    expect(malformed).toMatchObject({ status: 400, code: 'VALIDATION', fields: { code: '格式不正确' } });
  });

  it('masks every name the same way', () => {
    expect(maskName('刘志愿')).toBe('刘*愿');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('*');
    expect(maskName('𠮷田一')).toBe('𠮷*一');
  });

  it('rounds minutes to hours with one decimal', () => {
    expect([0, 750, 125, 3, 60].map(formatHours)).toEqual(['0.0', '12.5', '2.1', '0.1', '1.0']);
  });
});

describe('the PDF', () => {
  let owner: Actor;
  let code: string;
  let pdf: Buffer;

  beforeAll(async () => {
    owner = await volunteer('刘志愿');
    // 09:30 on 5 March in Shanghai is 01:30 UTC; 01:30 on 8 March in Shanghai is still 7 March in UTC.
    await serve(owner, '湖滨社区环境巡查', 90, '2026-03-05T01:30:00Z');
    await serve(owner, '重阳节敬老院活动保障', 660, '2026-03-07T17:30:00Z');
    ({ code } = await callerFor(db(), owner).certificate.issue());
    pdf = await certificatePdf(db(), owner, code);
  });

  it('is a PDF that embeds its font rather than naming one the reader may lack', () => {
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    const descriptors = raw.match(/\/Type \/FontDescriptor[^]*?>>/g) ?? [];
    expect(descriptors.length).toBeGreaterThan(0);
    for (const d of descriptors) expect(d).toMatch(/\/FontFile[23]? \d+ 0 R/);
    expect(raw).toMatch(/\/ToUnicode \d+ 0 R/);
    // Only the glyphs used: the whole 2.4 MB font is not carried along.
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('reads back as Chinese text: title, name, hours, callouts, issuer and how to verify', async () => {
    const text = await textOf(pdf);
    expect(text).toContain('志愿服务时长证明');
    expect(text).toContain('刘志愿');
    expect(text).toContain('12.5 小时');
    expect(text).toContain('2 次');
    expect(text).toContain('湖滨社区环境巡查');
    expect(text).toContain('重阳节敬老院活动保障');
    expect(text).toContain('2026-03-05');
    expect(text).toContain('2026-03-08');
    expect(text).toMatch(/1\.5\s*11\.0|1\.5[^]*11\.0/);
    expect(text).toContain('网格通 · 东湖街道湖滨社区');
    expect(text).toContain(`${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`);
    expect(text).toContain(`http://localhost:3000/verify/${code}`);
  });

  it('runs onto more pages when the list is long, repeating the table header', async () => {
    const busy = await volunteer('欧阳娜娜');
    for (let i = 1; i <= 30; i++) await serve(busy, `第${i}次社区志愿服务：沿湖步道清理与文明劝导`, 60);
    const { code: busyCode } = await callerFor(db(), busy).certificate.issue();
    const document = await certificatePdf(db(), busy, busyCode);
    const text = await textOf(document);
    // The footer counts pages; the table header is printed again at the top of the second.
    expect(text).toMatch(/第 2 页，共 [2-9] 页/);
    expect(text.match(/时长（小时）/g)!.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('30.0 小时');
    expect(text).toContain('第30次社区志愿服务');
  });

  it('is served only to its owner, as an attachment named 志愿服务时长证明.pdf', async () => {
    const get = (actor: Actor, c: string) => pdfEndpoint({ params: { code: c }, locals: { db: db(), actor, locale: 'zh-CN' } } as never);
    const response = await get(owner, code.toLowerCase());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="certificate.pdf"; filename*=UTF-8''${encodeURIComponent('志愿服务时长证明.pdf')}`
    );
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const stranger = await volunteer();
    await expect(get(stranger, code)).rejects.toMatchObject({ status: 404 });
    await expect(get(owner, 'ABCDEFGHJKLM')).rejects.toMatchObject({ status: 404 });
    // The owner's own code with its last character changed is someone else's or nobody's.
    const last = code.at(-1) === 'A' ? 'B' : 'A';
    await expect(get(owner, code.slice(0, -1) + last)).rejects.toMatchObject({ status: 404 });
    await expect(certificatePdf(db(), gridWorker, code)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
