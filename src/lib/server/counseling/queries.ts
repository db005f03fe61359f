import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import { minutesOf, type CounselorHours, type HoursWindow } from './slots';
import type { SessionMode } from './tables';

/** Live bookings hold their slot; a cancelled one frees it (the partial unique index says the same). */
export const LIVE = ['booked', 'attended', 'no_show'] as const;

/** '/a/b/c/' → ['/a/', '/a/b/', '/a/b/c/']: the unit and every unit above it. */
export function pathAndAncestors(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

export interface Counselor {
  id: string;
  name: string;
  /** The unit of their counselor role (e.g. 东湖街道): their 心灵驿站. */
  station: string;
}

/**
 * The counselors a caller may book or look at. A grid worker reaches every counselor whose station
 * is their grid or a unit above it — so at least the counselor of their street, and also those of
 * the district and city. A counselor reaches themself (to see their own slots, not to book them:
 * `asWorker`). Only counselors who have published hours.
 */
export async function reachableCounselors(db: Db, actor: Actor, counselorId?: string, asWorker = false): Promise<Counselor[]> {
  const stations = [...new Set(actor.memberships.filter((m) => m.role === 'grid_worker').flatMap((m) => pathAndAncestors(m.unitPath)))];
  const isCounselor = !asWorker && actor.memberships.some((m) => m.role === 'counselor');
  if (stations.length === 0 && !isCounselor) return [];
  let q = db
    .selectFrom('membership as m')
    .innerJoin('appUser as u', 'u.id', 'm.userId')
    .innerJoin('orgUnit as o', 'o.id', 'm.orgUnitId')
    .innerJoin('counselingSettings as s', 's.counselorId', 'u.id')
    .select(['u.id', 'u.name', 'o.name as station', 'o.path'])
    .where('m.role', '=', 'counselor')
    .where('u.disabledAt', 'is', null)
    .where((eb) => eb.or([...(stations.length ? [eb('o.path', 'in', stations)] : []), ...(isCounselor ? [eb('u.id', '=', actor.userId)] : [])]));
  if (asWorker) q = q.where('u.id', '<>', actor.userId);
  if (counselorId) q = q.where('u.id', '=', counselorId);
  const rows = await q.orderBy('u.name').orderBy('u.id').orderBy(sql`length(o.path)`, 'desc').execute();
  // A counselor with several stations is listed once, at the station nearest the caller.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id)).map(({ id, name, station }) => ({ id, name, station }));
}

interface WindowRow {
  startsTime: string | null;
  endsTime: string | null;
  slotMinutes: number | null;
  bufferMinutes: number | null;
  mode: SessionMode | null;
  place: string | null;
}
const windowOf = (r: WindowRow): HoursWindow => ({
  startMin: minutesOf(r.startsTime!),
  endMin: minutesOf(r.endsTime!),
  slotMinutes: r.slotMinutes!,
  bufferMinutes: r.bufferMinutes!,
  mode: r.mode!,
  place: r.place!
});

/**
 * Hours of the given counselors, with date overrides between two local dates. Three queries
 * whatever the number of counselors. `lock`: take each settings row FOR SHARE, so the hours cannot
 * change (saving takes it FOR UPDATE) until the caller's transaction ends.
 */
export async function loadHours(db: Db, counselorIds: string[], fromDate: string, toDate: string, lock = false): Promise<Map<string, CounselorHours>> {
  const hours = new Map<string, CounselorHours>();
  if (counselorIds.length === 0) return hours;
  let settings = db.selectFrom('counselingSettings').select(['counselorId', 'minNoticeHours', 'horizonDays']).where('counselorId', 'in', counselorIds);
  if (lock) settings = settings.forShare();
  for (const s of await settings.execute()) {
    hours.set(s.counselorId, { minNoticeHours: s.minNoticeHours, horizonDays: s.horizonDays, weekly: [[], [], [], [], [], [], [], []], off: new Set(), extra: new Map() });
  }
  const ids = [...hours.keys()];
  if (ids.length === 0) return hours;
  const [rules, overrides] = await Promise.all([
    db.selectFrom('counselingRule').selectAll().where('counselorId', 'in', ids).orderBy('startsTime').execute(),
    db.selectFrom('counselingOverride').selectAll().where('counselorId', 'in', ids).where('onDate', '>=', fromDate).where('onDate', '<=', toDate).orderBy('startsTime').execute()
  ]);
  for (const r of rules) hours.get(r.counselorId)!.weekly[r.weekday]!.push(windowOf(r));
  for (const o of overrides) {
    const h = hours.get(o.counselorId)!;
    if (o.kind === 'off') h.off.add(o.onDate);
    else h.extra.set(o.onDate, [...(h.extra.get(o.onDate) ?? []), windowOf(o)]);
  }
  return hours;
}

/** Live bookings of the counselors overlapping [from, to), per counselor, by start. */
export async function busyTimes(db: Db, counselorIds: string[], from: Date, to: Date): Promise<Map<string, { start: number; end: number }[]>> {
  const busy = new Map<string, { start: number; end: number }[]>();
  if (counselorIds.length === 0) return busy;
  const rows = await db
    .selectFrom('counselingBooking')
    .select(['counselorId', 'startsAt', 'endsAt'])
    .where('counselorId', 'in', counselorIds)
    .where('status', 'in', LIVE)
    .where('startsAt', '<', to)
    .where('endsAt', '>', from)
    .orderBy('counselorId')
    .orderBy('startsAt')
    .execute();
  for (const r of rows) {
    const list = busy.get(r.counselorId) ?? [];
    list.push({ start: r.startsAt.getTime(), end: r.endsAt.getTime() });
    busy.set(r.counselorId, list);
  }
  return busy;
}

/** A booking with the people it concerns, locked for a change when `lock` is set. */
export function bookingWithPeople(db: Db) {
  return db
    .selectFrom('counselingBooking as b')
    .innerJoin('appUser as c', 'c.id', 'b.counselorId')
    .innerJoin('appUser as w', 'w.id', 'b.workerId')
    .select([
      'b.id', 'b.counselorId', 'b.workerId', 'b.startsAt', 'b.endsAt', 'b.mode', 'b.place', 'b.alias', 'b.status', 'b.sequence',
      'c.name as counselorName', 'c.email as counselorEmail', 'c.locale as counselorLocale',
      'w.name as workerName', 'w.email as workerEmail', 'w.locale as workerLocale'
    ]);
}
export type BookingWithPeople = Awaited<ReturnType<ReturnType<typeof bookingWithPeople>['executeTakeFirstOrThrow']>>;

/** Inserts the booking unless a live one of the counselor overlaps it; the unique index settles a tie. */
export async function insertBooking(
  db: Db,
  b: { counselorId: string; workerId: string; start: Date; end: Date; mode: SessionMode; place: string; alias: string | null; note: string | null; remindedAt: Date | null }
): Promise<{ id: string; sequence: number } | undefined> {
  const result = await sql<{ id: string; sequence: number }>`
    insert into counseling_booking (counselor_id, worker_id, starts_at, ends_at, mode, place, alias, note, reminded_at)
    select ${b.counselorId}::uuid, ${b.workerId}::uuid, ${b.start.toISOString()}::timestamptz, ${b.end.toISOString()}::timestamptz,
           ${b.mode}::text, ${b.place}::text, ${b.alias}::text, ${b.note}::text, ${b.remindedAt?.toISOString() ?? null}::timestamptz
    where not exists (
      select 1 from counseling_booking o
      where o.counselor_id = ${b.counselorId}::uuid and o.status <> 'cancelled'
        and o.starts_at < ${b.end.toISOString()}::timestamptz and o.ends_at > ${b.start.toISOString()}::timestamptz)
    returning id, sequence`.execute(db);
  return result.rows[0];
}

/** Moves a booked session to a free slot of the same counselor: a new SEQUENCE, a fresh reminder. */
export async function moveBooking(
  db: Db,
  b: { id: string; start: Date; end: Date; mode: SessionMode; place: string; remindedAt: Date | null }
): Promise<{ sequence: number } | undefined> {
  const result = await sql<{ sequence: number }>`
    update counseling_booking set starts_at = ${b.start.toISOString()}::timestamptz, ends_at = ${b.end.toISOString()}::timestamptz,
           mode = ${b.mode}::text, place = ${b.place}::text, reminded_at = ${b.remindedAt?.toISOString() ?? null}::timestamptz,
           sequence = sequence + 1, updated_at = now()
    where id = ${b.id}::uuid and status = 'booked'
      and not exists (
        select 1 from counseling_booking o
        where o.counselor_id = counseling_booking.counselor_id and o.id <> counseling_booking.id and o.status <> 'cancelled'
          and o.starts_at < ${b.end.toISOString()}::timestamptz and o.ends_at > ${b.start.toISOString()}::timestamptz)
    returning sequence`.execute(db);
  return result.rows[0];
}
