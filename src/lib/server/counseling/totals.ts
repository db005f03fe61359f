import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import { DomainError } from '../domain-error';
import { unitById } from '../org/queries';
import { assertCovers } from '../org/scope';
import { localMidnight } from './slots';
import type { MonthlyTotalsInput } from './schema';

/** A month of a station with fewer bookings than this shows no figures at all. */
export const MIN_GROUP = 5;
export const SUPPRESSED = '<5';
export type Count = number | typeof SUPPRESSED;

const FIGURES = ['booked', 'attended', 'noShow', 'cancelledByWorker', 'cancelledByCounselor'] as const;
type Figure = (typeof FIGURES)[number];
type Sums = Record<Figure, number>;

export type MonthTotals = { month: number; suppressed: boolean } & Record<Figure, Count>;

export interface StationTotals {
  stationId: string;
  stationName: string;
  months: MonthTotals[];
}

/**
 * Each counselor counts at one station: the unit of their counselor role, the most specific one
 * when they hold several, so no booking is counted at two stations.
 */
async function stationOfCounselor(db: Db): Promise<Map<string, { id: string; name: string; path: string }>> {
  const rows = await db
    .selectFrom('membership as m')
    .innerJoin('orgUnit as o', 'o.id', 'm.orgUnitId')
    .select(['m.userId', 'o.id', 'o.name', 'o.path'])
    .where('m.role', '=', 'counselor')
    .orderBy(sql`length(o.path)`, 'desc')
    .orderBy('o.path')
    .execute();
  const station = new Map<string, { id: string; name: string; path: string }>();
  for (const r of rows) if (!station.has(r.userId)) station.set(r.userId, { id: r.id, name: r.name, path: r.path });
  return station;
}

/** One month as published: the counts when the station had at least five bookings that month, else "<5" for every figure. */
function shown(month: number, s: Sums): MonthTotals {
  const suppressed = s.booked > 0 && s.booked < MIN_GROUP;
  const figures = Object.fromEntries(FIGURES.map((f) => [f, suppressed ? SUPPRESSED : s[f]])) as Record<Figure, Count>;
  return { month, suppressed, ...figures };
}

/**
 * counseling.monthlyTotals: per counselor station within the unit and per month of the year (by the
 * session's Asia/Shanghai date), how many sessions were booked and how they ended. Counts only — no
 * names, aliases, notes or reasons. A month with 1–4 bookings at a station shows "<5" for every
 * figure, so a small station does not give away that one particular person went. No totals over
 * months or stations are given, so a hidden month cannot be worked out by subtraction.
 */
export async function monthlyTotals(db: Db, actor: Actor, input: MonthlyTotalsInput) {
  const unit = await unitById(db, input.unitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin', 'counselor'], unit.path);

  const stationOf = new Map([...(await stationOfCounselor(db))].filter(([, s]) => s.path.startsWith(unit.path)));
  const stations = new Map<string, { name: string; path: string; sums: Sums[] }>();
  const zero = (): Sums => ({ booked: 0, attended: 0, noShow: 0, cancelledByWorker: 0, cancelledByCounselor: 0 });
  for (const s of stationOf.values()) if (!stations.has(s.id)) stations.set(s.id, { name: s.name, path: s.path, sums: Array.from({ length: 12 }, zero) });

  const counselorIds = [...stationOf.keys()];
  const rows = counselorIds.length
    ? await db
        .selectFrom('counselingBooking')
        .select([
          'counselorId',
          sql<number>`extract(month from starts_at at time zone 'Asia/Shanghai')::int`.as('month'),
          sql<number>`count(*)::int`.as('booked'),
          sql<number>`(count(*) filter (where status = 'attended'))::int`.as('attended'),
          sql<number>`(count(*) filter (where status = 'no_show'))::int`.as('noShow'),
          sql<number>`(count(*) filter (where cancelled_by = 'worker'))::int`.as('cancelledByWorker'),
          sql<number>`(count(*) filter (where cancelled_by = 'counselor'))::int`.as('cancelledByCounselor')
        ])
        .where('counselorId', 'in', counselorIds)
        .where('startsAt', '>=', new Date(localMidnight(`${input.year}-01-01`)))
        .where('startsAt', '<', new Date(localMidnight(`${input.year + 1}-01-01`)))
        .groupBy(['counselorId', sql`2`])
        .execute()
    : [];
  for (const r of rows) {
    const sums = stations.get(stationOf.get(r.counselorId)!.id)!.sums[Number(r.month) - 1]!;
    for (const f of FIGURES) sums[f] += Number(r[f]);
  }

  const list: StationTotals[] = [...stations]
    .sort(([, a], [, b]) => a.path.localeCompare(b.path))
    .map(([id, s]) => ({ stationId: id, stationName: s.name, months: s.sums.map((sums, i) => shown(i + 1, sums)) }));
  return { unitId: unit.id, unitName: unit.name, year: input.year, minGroup: MIN_GROUP, stations: list };
}
