import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Locale, Role } from '$lib/types';
import type { Database } from './db/connect';
import type { Actor } from './auth/actor';
import type { Access } from './trpc';
import { appRouter } from './router';
import { DomainError } from './domain-error';
import { freshDb } from './testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from './testing/factories';
import { openCallout } from './testing/callouts';
import { createCallout } from './callout/service/manage';
import { signUp } from './callout/service/sign-up';
import { createTeam } from './team/service';
import { issueCertificate } from './certificate/service';
import { MANY_SLOTS, bookFree, freeStarts, publishHours } from './counseling/testing';
import { bookingToken } from './counseling/mail';

/**
 * Every procedure of the router, called by someone allowed to call it, with inputs generated from
 * its own zod schema and then broken one place at a time: a wrong type, a missing or extra key, a
 * huge string, deep nesting, awkward unicode, SQL and HTML fragments, odd numbers and dates.
 * Whatever comes in: never a 500, nothing written when the call fails, and the answer in the
 * caller's language. FUZZ_SEED=<n> replays another seed; a failure prints the seed and the input.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_409);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

let database: Database;
let unit: (name: string) => UnitRef;
const db = () => database.db;

/** Who calls: the first role the procedure allows, at a unit where that role has work to do. */
const HOME: Record<Role, string> = { admin: '某市', hr: '城东区', grid_worker: '湖滨社区/第一网格', volunteer: '湖滨社区', counselor: '东湖街道' };
const actors = {} as Record<Role, Actor>;

type Procedure = { _def: { meta?: { access: Access }; inputs: z.ZodType[] } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;

function callerOf(access: Access): Actor | null {
  if (access === 'public') return null;
  if (access === 'authed') return actors.volunteer;
  return actors[access[0]!];
}

let ipCounter = 0;
function call(actor: Actor | null, path: string, input: unknown, locale: Locale) {
  // A fresh client address per call, so throttles keyed by address rarely stand in front of the code under test.
  ipCounter++;
  const ip = `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  const procedure = path.split('.').reduce<unknown>((node, name) => (node as Record<string, unknown>)[name], callerFor(db(), actor, locale, ip));
  return (procedure as (i: unknown) => Promise<unknown>)(input);
}

// ---------------------------------------------------------------------------------------------
// What a call wrote: a row trigger on every table (this file's own database only) notes the table
// of each row inserted, updated or deleted. A failed call that rolled back leaves no note; one that
// wrote part of its work before failing does.

/** Written on a failed call by design: a refused login counts toward the lock-out. */
const CHANGES_ON_FAILURE = new Set(['login_throttle']);
async function noteWrites() {
  await sql`create table fuzz_write (id bigserial primary key, tbl text not null)`.execute(db());
  await sql`create function fuzz_note_write() returns trigger language plpgsql as $$ begin insert into fuzz_write (tbl) values (tg_table_name); return null; end $$`.execute(db());
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'fuzz_write'`.execute(db());
  for (const { name } of rows) await sql`create trigger fuzz_note after insert or update or delete on ${sql.id(name)} for each row execute function fuzz_note_write()`.execute(db());
}
async function lastWrite(): Promise<number> {
  const { rows } = await sql<{ id: string | number | null }>`select max(id) as id from fuzz_write`.execute(db());
  return Number(rows[0]?.id ?? 0);
}
async function writtenSince(mark: number): Promise<string[]> {
  const { rows } = await sql<{ tbl: string }>`select distinct tbl from fuzz_write where id > ${mark}`.execute(db());
  return rows.map((r) => r.tbl).filter((t) => !CHANGES_ON_FAILURE.has(t));
}

// ---------------------------------------------------------------------------------------------
// Plausible inputs, from the procedure's own schema (as JSON Schema, input side).

interface Json {
  type?: string | string[];
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: Json[];
  anyOf?: Json[];
  allOf?: Json[];
}

/** Real values for fields by name, so that broken inputs also reach the services behind validation. */
let hints: Record<string, fc.Arbitrary<unknown>> = {};
const oneOf = (...values: unknown[]) => fc.constantFrom(...values);
/** An instant between a day ago and a month ahead, as ISO text. */
const soon = fc.integer({ min: -86_400, max: 30 * 86_400 }).map((s) => new Date(Math.floor(Date.now() / 60_000) * 60_000 + s * 1000).toISOString());

const b64 = (bytes: number[] | string) => Buffer.from(typeof bytes === 'string' ? bytes : Uint8Array.from(bytes)).toString('base64');
const GARBAGE_FILES = [
  '!!!not base64!!!',
  '====',
  b64([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]), // a zip that is not one
  b64([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), // an old .xls
  b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]), // a PNG head, then nothing
  b64('%PDF-1.7\n garbage'),
  b64([0xff, 0xd8, 0xff]),
  b64([0, 1, 2, 3, 0xfe, 0xff, 0x80, 0x81]),
  b64('\uFEFF姓名,手机号\n"unterminated,13800000000\n'),
  b64('姓名,手机号,网格\n' + '张三,abc,不存在网格\n'.repeat(50)),
  b64('a,b\n1,2\n')
];

const TEXT_UNIT = fc.constantFrom(...'abcXYZ 019-测试网格湖滨社区服务员'.split(''));

function plausible(schema: Json, key = ''): fc.Arbitrary<unknown> {
  const generic = plausibleOf(schema, key);
  const known = hints[key];
  return known && (schema.type === 'string' || schema.format) ? fc.oneof({ weight: 3, arbitrary: known }, { weight: 1, arbitrary: generic }) : generic;
}

function plausibleOf(schema: Json, key: string): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return fc.oneof(...options.map((o) => plausible(o, key)));
  if (schema.allOf?.length) return plausible(schema.allOf[0]!, key);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => plausible({ ...schema, type }, key)));
  switch (schema.type) {
    case 'object': {
      const props = schema.properties ?? {};
      const arbs = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, plausible(s, k)]));
      return fc.record(arbs, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 3, Math.max(min, 3));
      return fc.array(plausible(schema.items ?? {}, key), { minLength: min, maxLength: max });
    }
    case 'string':
      if (schema.format === 'uuid') return fc.uuid({ version: 4 });
      if (schema.format === 'date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'email') return fc.emailAddress();
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      return fc.string({ unit: TEXT_UNIT, minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, Math.max(schema.minLength ?? 0, 40)) });
    case 'integer': {
      const min = Math.max(schema.minimum ?? (schema.exclusiveMinimum ?? -1001) + 1, -(2 ** 31));
      const max = Math.min(schema.maximum ?? (schema.exclusiveMaximum ?? 1001) - 1, 2 ** 31 - 1);
      return fc.integer({ min, max: Math.max(min, max) });
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------------------------------------
// Malformed values.

const HUGE = 'x'.repeat(100_000);
const HUGE_CJK = '网'.repeat(100_000);
function deep(depth: number, wrap: (v: unknown) => unknown): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}
const DEEP_ARRAY = deep(500, (v) => [v]);
const DEEP_OBJECT = deep(500, (v) => ({ a: v }));

const WRONG_TYPES = [0, 1, -1, true, false, null, [], {}, '', ' ', 'x', [1, 'a', null], { a: 1 }, ['x']];
const UNICODE = [
  '😀', '👨‍👩‍👧‍👦', 'a\u200Db\u200Bc', '\u202Eevil\u202C', '\u200F\u200E\u061C', '\uD800', '\uDFFF', 'a\uD83Db', 'a\u0000b', '\u0000',
  '\uFEFF', 'e\u0301\u0301\u0301', '\u3000\u3000', '\u00A0', '\n\r\t\v\f', '\u2028\u2029', '\uFFFF', '𠜎𠜱𠝹', 'Z̤͔ͧ̑̓ä͖̭̈̇l͖͎g̞̥͈o̳̪'
];
const SQL = ["'; drop table app_user; --", '%', '_', '%_%', "' or '1'='1", '\\', "\\'", '"; select pg_sleep(5); --', '$1', '::text', '/*', '--'];
const HTML = ['<script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1">', '"><svg onload=alert(1)>', '&lt;&amp;', '{{7*7}}', '${7*7}'];
const NUMBERS = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, 2 ** 31, -(2 ** 31) - 1, 2 ** 63, -1, -0.5, 0.5, 1.5, -0, 1e-320, NaN, Infinity, -Infinity];
const NUMBER_TEXT = ['NaN', 'Infinity', '-Infinity', '1e999', '-0', '0x10', '１２３', '1,000', ' 42 ', '1e3', '0.1', '-1', '9'.repeat(40)];
const DATES = [
  '2024-02-30', '0000-00-00', '0000-01-01', '9999-12-31', '2024-13-01', '+275760-09-13T00:00:00.000Z', '-001000-01-01T00:00:00Z', '1970-01-01T00:00:00Z',
  '2024-01-01T25:00:00+08:00', '2024-01-01T00:00:00+99:00', '294277-01-01', '2024-01-01T00:00:00.0000000001Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', 'now', 'today', 'epoch', 'infinity', '-infinity'
];
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'actorId', 'userId', 'id', 'zzz', ''];

const bad: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...WRONG_TYPES),
  fc.constantFrom(HUGE, HUGE_CJK, DEEP_ARRAY, DEEP_OBJECT),
  fc.constantFrom(...UNICODE),
  fc.constantFrom(...SQL),
  fc.constantFrom(...HTML),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(...NUMBER_TEXT),
  fc.constantFrom(...DATES),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.jsonValue({ maxDepth: 3 })
);
/** Short fragments put into a string that is otherwise valid, so they pass validation and reach the database. */
const spice = fc.constantFrom(...UNICODE, ...SQL, ...HTML);

type Mutation = 'replace' | 'delete' | 'extra' | 'spice' | 'root' | 'none';
type Path = (string | number)[];

function pathsOf(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}
function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}
function setOwn(target: object, key: string | number, v: unknown) {
  Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The plausible input with one thing broken. */
function mutate(valid: unknown, kind: Mutation, pick: number, badValue: unknown, extraKey: string, fragment: string): { input: unknown; where: string } {
  if (kind === 'none') return { input: valid, where: 'as generated' };
  if (kind === 'root' || valid === null || typeof valid !== 'object') return { input: badValue, where: 'the whole input' };
  const input = structuredClone(valid);
  const all = pathsOf(input);
  const where = (p: Path) => p.join('.') || '(root)';
  if (kind === 'spice') {
    const strings = all.filter((p) => typeof getAt(input, p) === 'string');
    if (!strings.length) return { input: badValue, where: 'the whole input' };
    const p = strings[pick % strings.length]!;
    const parent = getAt(input, p.slice(0, -1)) as Record<string | number, unknown>;
    const s = parent[p.at(-1)!] as string;
    parent[p.at(-1)!] = pick % 3 === 0 ? fragment + s : pick % 3 === 1 ? s + fragment : s.slice(0, 1) + fragment + s.slice(1);
    return { input, where: `text in ${where(p)}` };
  }
  if (kind === 'extra') {
    const objects = all.filter((p) => {
      const v = getAt(input, p);
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const p = objects[pick % objects.length]!;
    setOwn(getAt(input, p) as object, extraKey, pick % 2 ? badValue : 'admin');
    return { input, where: `extra key ${JSON.stringify(extraKey)} at ${where(p)}` };
  }
  const inner = all.filter((p) => p.length > 0);
  if (!inner.length) return { input: badValue, where: 'the whole input' };
  const p = inner[pick % inner.length]!;
  const parent = getAt(input, p.slice(0, -1)) as Record<string | number, unknown>;
  const last = p.at(-1)!;
  if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    return { input, where: `without ${where(p)}` };
  }
  setOwn(parent, last, badValue);
  return { input, where: `bad value at ${where(p)}` };
}

/** The input as the failure report shows it: long strings and deep nesting cut short. */
function preview(value: unknown, depth = 0): string {
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > 80 ? value.slice(0, 40) : value);
    return value.length > 80 ? `${shown}…(${value.length} chars)` : shown;
  }
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (depth > 5) return Array.isArray(value) ? '[…deeper]' : '{…deeper}';
  if (Array.isArray(value)) return `[${value.slice(0, 10).map((v) => preview(v, depth + 1)).join(', ')}${value.length > 10 ? ', …' : ''}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${preview(v, depth + 1)}`).join(', ')}}`;
}

interface FuzzCase {
  input: unknown;
  where: string;
  locale: Locale;
}

function casesFor(schema: z.ZodType | undefined): fc.Arbitrary<FuzzCase> {
  const json = schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json) : { type: 'object' };
  const kinds = fc.constantFrom<Mutation>('replace', 'replace', 'replace', 'delete', 'extra', 'spice', 'spice', 'root', 'none');
  return fc
    .tuple(plausible(json), kinds, fc.nat(), bad, fc.constantFrom(...EXTRA_KEYS), spice, fc.constantFrom<Locale>('en', 'zh-CN'))
    .map(([valid, kind, pick, badValue, extraKey, fragment, locale]) => {
      const { input, where } = mutate(valid, kind, pick, badValue, extraKey, fragment);
      return Object.assign(Object.create({ [fc.toStringMethod]: () => `${locale} · ${where} · ${preview(input)}` }) as object, { input, where, locale });
    });
}

// ---------------------------------------------------------------------------------------------

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
/** The caller's language: English carries no Chinese characters; Chinese carries some. */
function inCallerLanguage(text: string, locale: Locale) {
  return locale === 'en' ? !CJK.test(text) : CJK.test(text);
}

/** FUZZ_STATS=1: how each procedure answered, to see how deep the generated inputs reach. */
const stats = new Map<string, Map<string, number>>();
function tally(path: string, outcome: string) {
  if (!process.env.FUZZ_STATS) return;
  const m = stats.get(path) ?? new Map<string, number>();
  m.set(outcome, (m.get(outcome) ?? 0) + 1);
  stats.set(path, m);
}

async function check(path: string, actor: Actor | null, { input, locale }: FuzzCase) {
  const mark = await lastWrite();
  let thrown: unknown;
  try {
    await call(actor, path, input, locale);
    tally(path, 'ok');
    return; // valid after all: it may well have written something
  } catch (err) {
    thrown = err;
  }
  if (!(thrown instanceof TRPCError)) throw thrown;
  const pg = (thrown.cause as { code?: unknown } | undefined)?.code;
  tally(path, thrown.cause instanceof DomainError ? thrown.cause.code : typeof pg === 'string' ? `pg ${pg} ${(thrown.cause as Error).message}` : thrown.code);
  const failure = await failureOf(Promise.reject(thrown), locale);
  const cause = thrown.cause instanceof Error ? thrown.cause.stack : String(thrown.cause);
  if (failure.status >= 500) throw new Error(`${path} answered ${failure.status} ${failure.code}: ${cause}`);
  const changed = await writtenSince(mark);
  if (changed.length) throw new Error(`${path} failed (${failure.code}) but wrote to ${changed.join(', ')}`);
  // Names and other user data in a message's parameters stay as they were written.
  const params = thrown.cause instanceof DomainError ? Object.values(thrown.cause.params ?? {}).map(String) : [];
  const own = (text: string) => params.reduce((t, p) => t.split(p).join(''), text);
  for (const text of [failure.message, ...Object.values(failure.fields ?? {})]) {
    if (!inCallerLanguage(own(text), locale)) throw new Error(`${path} answered a ${locale} caller in another language: ${JSON.stringify(text)} (${failure.code})`);
  }
}

// ---------------------------------------------------------------------------------------------
// A small world whose ids the generator can use.

const HOUR = 3600_000;
async function world() {
  const grid = unit('湖滨社区/第一网格');
  const community = unit('湖滨社区');
  for (const role of Object.keys(HOME) as Role[]) actors[role] = await makeUser(db(), role, unit(HOME[role]));
  const gw = actors.grid_worker;
  await db().insertInto('worker').values({ userId: gw.userId, gridId: grid.id, hireDate: '2020-01-01' }).execute();
  await publishHours(db(), actors.counselor, MANY_SLOTS);

  const open = await openCallout(db(), gw, grid);
  const start = Date.now() + 24 * HOUR;
  const draft = (
    await createCallout(db(), gw, {
      gridId: grid.id, title: '模糊测试草稿', description: '', category: 'patrol', urgency: 'normal', place: '社区广场',
      startsAt: new Date(start).toISOString(), endsAt: new Date(start + HOUR).toISOString(), slots: 3, requiredSkills: [], teamSlots: 0
    })
  ).id;
  const signer = await makeUser(db(), 'volunteer', community);
  await signUp(db(), signer, open);
  const signup = (await db().selectFrom('signup').select('id').where('calloutId', '=', open).executeTakeFirstOrThrow()).id;
  const team = await createTeam(db(), actors.volunteer, '模糊测试服务队');

  const spare = await makeUser(db(), 'volunteer', community);
  const tempUnits: string[] = [];
  for (let i = 0; i < 2; i++) {
    const id = randomUUID();
    await db().insertInto('orgUnit').values({ id, parentId: community.id, level: 'grid', name: `模糊${id.slice(0, 6)}`, path: `${community.path}${id}/` }).execute();
    tempUnits.push(id);
  }
  const theme = await db().insertInto('theme').values({ orgUnitId: community.id, name: '模糊主题', startsOn: '2027-06-01', endsOn: '2027-06-07' }).returning('id').executeTakeFirstOrThrow();
  const event = await db()
    .insertInto('event')
    .values({ orgUnitId: community.id, title: '模糊活动', place: '广场', startsAt: new Date(start), endsAt: new Date(start + HOUR), createdBy: actors.admin.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  const booth = await db().insertInto('booth').values({ eventId: event.id, name: '义诊' }).returning('id').executeTakeFirstOrThrow();
  const run = await db().insertInto('payrollRun').values({ orgUnitId: community.id, month: '2031-01-01', createdBy: gw.userId }).returning(['id', 'month']).executeTakeFirstOrThrow();
  const locked = await db().insertInto('payrollRun').values({ orgUnitId: community.id, month: '2031-02-01', createdBy: gw.userId }).returning(['id', 'month']).executeTakeFirstOrThrow();
  const slip = await db().insertInto('payslip').values({ runId: locked.id, workerId: gw.userId, month: locked.month }).returning('id').executeTakeFirstOrThrow();
  const line = await db()
    .insertInto('payrollLine')
    .values({ payslipId: slip.id, runId: locked.id, position: 0, kind: 'base', label: '基本工资', amountFen: 100, explanation: '测试' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db().updateTable('payrollRun').set({ status: 'locked' }).where('id', '=', locked.id).execute();
  const certificate = await db().insertInto('workerCertificate').values({ workerId: gw.userId, typeCode: 'psych_counselor', issuedOn: '2024-01-01' }).returning('id').executeTakeFirstOrThrow();
  const promotion = await db().insertInto('promotion').values({ workerId: gw.userId, targetPosition: '社区副站长', nominatedBy: actors.admin.userId }).returning('id').executeTakeFirstOrThrow();
  const { bookingId } = await bookFree(db(), gw, actors.counselor.userId);
  const starts = (await freeStarts(db(), actors.counselor.userId)).slice(0, 3);
  const token = await bookingToken(db(), bookingId, 0);
  const term = await db().selectFrom('negativeTerm').select('id').executeTakeFirst();
  const mail = await db().selectFrom('mailboxMessage').select('id').executeTakeFirst();

  const certificateCode = (await issueCertificate(db(), signer)).code;
  hints = {
    gridId: oneOf(grid.id),
    unitId: oneOf(community.id, grid.id, unit('东湖街道').id),
    parentId: oneOf(community.id),
    orgUnitId: oneOf(community.id),
    homeCommunityId: oneOf(community.id),
    id: oneOf(...tempUnits, ...(term ? [term.id] : []), ...(mail ? [mail.id] : [])),
    userId: oneOf(gw.userId, spare.userId),
    membershipId: oneOf(spare.memberships[0]!.id),
    calloutId: oneOf(open, draft),
    signupId: oneOf(signup),
    teamId: oneOf(team.id),
    memberIds: oneOf(actors.volunteer.userId),
    themeId: oneOf(theme.id),
    eventId: oneOf(event.id),
    boothId: oneOf(booth.id),
    runId: oneOf(run.id, locked.id),
    payslipId: oneOf(slip.id),
    correctsLineId: oneOf(line.id),
    workerId: oneOf(gw.userId),
    certificateId: oneOf(certificate.id),
    promotionId: oneOf(promotion.id),
    counselorId: oneOf(actors.counselor.userId),
    bookingId: oneOf(bookingId),
    startsAt: fc.oneof(oneOf(...starts), soon),
    endsAt: soon,
    from: soon,
    to: soon,
    token: oneOf(token),
    code: oneOf(certificateCode, 'abcd-efgh-jkmn', '123456'),
    typeCode: oneOf('psych_counselor', 'service_star', 'social_worker'),
    identifier: oneOf('13800000005', 'hr@example.cn'),
    phone: fc.oneof(oneOf('13800000005'), fc.integer({ min: 0, max: 99_999_999 }).map((n) => `139${String(n).padStart(8, '0')}`)),
    email: fc.oneof(oneOf('hr@example.cn'), fc.uuid().map((u) => `f${u.slice(0, 8)}@example.cn`)),
    password: oneOf('abc12345', 'Gridcall2026'),
    month: oneOf('2031-01', '2031-03'),
    contentBase64: oneOf(...GARBAGE_FILES),
    scanBase64: oneOf(...GARBAGE_FILES)
  };
}

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  await world();
  await noteWrites();
}, 120_000);
afterAll(async () => {
  for (const [path, m] of stats) console.log(path, Object.fromEntries(m));
  await database?.close();
});

/** A stable seed per procedure, so adding one procedure does not reshuffle the others. */
function seedOf(path: string) {
  let h = SEED;
  for (const ch of path) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

describe('fuzzing every procedure', () => {
  it('enumerates the router', () => {
    expect(Object.keys(procedures).length).toBeGreaterThan(100);
  });

  for (const [path, proc] of Object.entries(procedures)) {
    it(`${path}: malformed input is a 4xx in the caller's language and writes nothing`, async () => {
      const actor = callerOf(proc._def.meta!.access);
      await fc.assert(
        fc.asyncProperty(casesFor(proc._def.inputs[0]), (c) => check(path, actor, c)),
        { seed: seedOf(path), numRuns: RUNS, endOnFailure: true }
      );
    });
  }
});

describe('uploads refuse garbage in their own words', () => {
  const signed = (b64text: string) => {
    const head = Buffer.from(b64text, 'base64');
    return [[0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0x25, 0x50, 0x44, 0x46]].some((sig) => sig.every((b, i) => head[i] === b));
  };

  for (const [i, file] of GARBAGE_FILES.entries()) {
    for (const locale of ['en', 'zh-CN'] as const) {
      it(`garbage file #${i} (${locale}): worker.import reports it and imports nothing`, async () => {
        const mark = await lastWrite();
        const report = (await call(actors.hr, 'worker.import', { kind: 'workers', fileName: 'x.xlsx', contentBase64: file, commit: true }, locale)) as {
          committed: boolean;
          imported: number;
          fileError: string | null;
          errors: { message: string }[];
        };
        expect(report).toMatchObject({ committed: false, imported: 0 });
        const said = [report.fileError ?? '', ...report.errors.map((e) => e.message)].filter(Boolean);
        expect(said.length).toBeGreaterThan(0);
        for (const text of said) expect(inCallerLanguage(text, locale), text).toBe(true);
        expect(await writtenSince(mark)).toEqual([]);
      });

      // A file starting like a PNG, JPEG or PDF passes the check by content (first bytes): not garbage to it.
      it.skipIf(signed(file))(`garbage file #${i} (${locale}): career.certificate.add refuses the scan`, async () => {
        const mark = await lastWrite();
        const failure = await failureOf(call(actors.grid_worker, 'career.certificate.add', { typeCode: 'psych_counselor', issuedOn: '2024-01-01', scanBase64: file }, locale), locale);
        expect(failure).toMatchObject({ status: 400, code: 'UPLOAD_TYPE' });
        for (const text of [failure.message, failure.fields?.scanBase64 ?? '']) expect(inCallerLanguage(text, locale), text).toBe(true);
        expect(await writtenSince(mark)).toEqual([]);
      });
    }
  }
});
