import { DEMO, UNITS, portal } from './portal';
import { withSeededServer, type Kind, type Sql } from './seeded';
import { timeSequential } from './stats';

/** Counselors in reach of the demo grid worker (the demo's 陈咨询 and 19 more), and the weeks searched. */
export const SLOT_COUNSELORS = 20;
export const SLOT_WEEKS = 8;
export const SLOT_WARMUP = 5;
export const SLOT_REQUESTS = 40;
const TIMEOUT_MS = 30_000;

/** The units above the demo grid worker's grid (湖滨社区第一网格): counselors there are in its reach. */
const STATIONS = [UNITS.street, UNITS.district, UNITS.city];

/**
 * 19 counselors besides the demo's, spread over the street, district and city above the demo grid
 * worker; each with published hours (Mon–Fri 09:00–12:00 and 14:00–17:30 at the station, 45 min +
 * 15 min break; Saturday 09:00–11:00 online), a day off and an evening of extra hours in the eight
 * weeks, and about a third of the weekday 09:00 slots booked. Then ANALYZE, as autovacuum would.
 */
function seedSql(): string {
  return `
delete from counseling_booking; delete from counseling_rule; delete from counseling_override; delete from counseling_settings;

insert into app_user (name, phone, password_hash)
select '压测咨询师' || s, '1391000' || lpad(s::text, 4, '0'), 'bench-no-login'
from generate_series(1, ${SLOT_COUNSELORS - 1}) s;

insert into membership (user_id, role, org_unit_id)
select u.id, 'counselor', o.id
from app_user u
join org_unit o on o.name = (array[${STATIONS.map((s) => `'${s}'`).join(', ')}])[1 + right(u.phone, 4)::int % ${STATIONS.length}]
where u.phone like '1391000%';

create temporary table bench_counselor as
select u.id, row_number() over (order by u.phone) as n
from app_user u
where u.phone like '1391000%' or u.id in (select user_id from membership where role = 'counselor');

insert into counseling_settings (counselor_id, min_notice_hours, horizon_days)
select id, 24, 60 from bench_counselor;

insert into counseling_rule (counselor_id, weekday, starts_time, ends_time, mode, place, slot_minutes, buffer_minutes)
select c.id, d, w.st, w.et, 'place', '心灵驿站', 45, 15
from bench_counselor c cross join generate_series(1, 5) d
cross join (values (time '09:00', time '12:00'), (time '14:00', time '17:30')) w(st, et)
union all
select c.id, 6, time '09:00', time '11:00', 'online', '腾讯会议', 50, 10 from bench_counselor c;

insert into counseling_override (counselor_id, on_date, kind)
select c.id, current_date + (3 + c.n % 30)::int, 'off' from bench_counselor c;
insert into counseling_override (counselor_id, on_date, kind, starts_time, ends_time, mode, place, slot_minutes, buffer_minutes)
select c.id, current_date + (10 + c.n % 30)::int, 'extra', time '19:00', time '21:00', 'online', '腾讯会议', 50, 10 from bench_counselor c;

insert into counseling_booking (counselor_id, worker_id, starts_at, ends_at, mode, place)
select c.id, w.id, (d::date + time '09:00') at time zone 'Asia/Shanghai', (d::date + time '09:45') at time zone 'Asia/Shanghai', 'place', '心灵驿站'
from bench_counselor c
cross join (select id from app_user where phone = '${DEMO.gridWorker}') w
cross join generate_series(current_date + 2, current_date + ${SLOT_WEEKS * 7}, interval '1 day') d
where extract(isodow from d::date) between 1 and 5 and (extract(doy from d::date)::int + c.n) % 3 = 0;

analyze app_user; analyze membership; analyze counseling_rule; analyze counseling_override; analyze counseling_booking;`;
}

const COUNT_SQL = `select (select count(*) from counseling_settings)::int as counselors, (select count(*) from counseling_booking)::int as bookings`;

const BOOKED_SQL = `select counselor_id as id, (extract(epoch from starts_at) * 1000)::bigint::text as at from counseling_booking where status <> 'cancelled'`;

/** Seeds in Beijing time; the bookings made, as counselor@epoch-ms, to check the answers against. */
async function seed(db: Sql): Promise<Set<string>> {
  await db.exec(`set time zone 'Asia/Shanghai'; ${seedSql()}`);
  const [row] = await db.rows<{ counselors: number; bookings: number }>(COUNT_SQL);
  if (row?.counselors !== SLOT_COUNSELORS || row.bookings < SLOT_COUNSELORS * 10) {
    throw new Error(`seeding made ${row?.counselors ?? 0} counselors with hours and ${row?.bookings ?? 0} bookings: was the demo seeded?`);
  }
  return new Set((await db.rows<{ id: string; at: string }>(BOOKED_SQL)).map((r) => `${r.id}@${r.at}`));
}

type Counselors = { id: string; slots: { startsAt: string }[] }[];

/** Every seeded counselor must be there with slots, and no booked 09:00 start offered: a fast wrong answer is no figure. */
function check(list: Counselors, booked: Set<string>): void {
  if (!Array.isArray(list)) throw new Error(`counseling.slots answered no list: ${String(JSON.stringify(list)).slice(0, 200)}`);
  if (list.length !== SLOT_COUNSELORS || list.some((c) => c.slots.length < 100)) {
    throw new Error(`counseling.slots answered ${list.length} counselors with ${countSlots(list)} slots, expected ${SLOT_COUNSELORS} with ≥ 100 each`);
  }
  const clash = list.find((c) => c.slots.some((s) => booked.has(`${c.id}@${Date.parse(s.startsAt)}`)));
  if (clash) throw new Error(`counseling.slots offered a booked slot of counselor ${clash.id}`);
}

const countSlots = (list: Counselors) => list.reduce((n, c) => n + c.slots.length, 0);

export interface SlotsResult {
  p50: number;
  p95: number;
  requests: number;
  counselors: number;
  slots: number;
  bookings: number;
  bytes: number;
}

/**
 * The built server answering counseling.slots for the demo grid worker over the next eight weeks,
 * with SLOT_COUNSELORS counselors in reach; fresh PGlite dir or fresh PostgreSQL database.
 */
export async function counselingSlots(kind: Kind): Promise<SlotsResult> {
  return withSeededServer(kind, { seed }, async (server, booked) => {
    const worker = await portal(server.url, TIMEOUT_MS).login(DEMO.gridWorker);
    const now = Date.now();
    const range = { from: new Date(now).toISOString(), to: new Date(now + SLOT_WEEKS * 7 * 86_400_000).toISOString() };
    const slotsOnce = async () => {
      const answer = await worker.query<Counselors>('counseling.slots', range);
      check(answer.data, booked); // outside the timing
      return answer;
    };
    const t = await timeSequential(SLOT_WARMUP, SLOT_REQUESTS, slotsOnce);
    const list = t.last.data;
    return { p50: t.p50, p95: t.p95, requests: t.samples.length, counselors: list.length, slots: countSlots(list), bookings: booked.size, bytes: t.last.bytes };
  });
}
