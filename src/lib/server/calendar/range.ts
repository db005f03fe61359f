import type { CalendarKind, CalloutCategory } from '$lib/types';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { unitById } from '../org/queries';
import { pathWithin, scopePaths } from '../org/scope';
import { MANAGERS } from '../callout/policy';
import { eventsInView } from '../event/events';
import { themesInView } from '../event/themes';
import { dayAfter, occurrences } from '../event/theme-dates';
import { homePaths, inView, isInView } from '../event/visibility';
import type { RangeInput } from './schema';
import { bookingItems } from './bookings';
import { isoSpan } from './instants';

export interface CalendarItem {
  id: string;
  kind: CalendarKind;
  title: string;
  /** ISO instants; for all-day items (themes) 'YYYY-MM-DD' with an exclusive end. */
  start: string;
  end: string;
  allDay: boolean;
  status: string | null;
  unitName: string | null;
  category: CalloutCategory | null;
  place: string | null;
  /** The item's own page; themes have none and carry their description instead. */
  href: string | null;
  description: string | null;
}

/** One request never returns more than this of one kind, whatever is in scope. */
const MAX_PER_KIND = 20_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
/** Asia/Shanghai keeps +08:00 all year, so the local date is the UTC date eight hours on. */
const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** Everything the person may see on the calendar between `from` and `to`, filtered as asked. */
export async function calendarRange(db: Db, actor: Actor, input: RangeInput): Promise<CalendarItem[]> {
  const unitPath = input.unitId ? await filterUnitPath(db, actor, input.unitId) : null;
  const wants = (kind: CalendarKind) => input.kinds.includes(kind);
  const [themes, events, callouts, signups, bookings] = await Promise.all([
    wants('theme') && !input.category ? themeItems(db, actor, input, unitPath) : [],
    wants('event') && !input.category ? eventItems(db, actor, input, unitPath) : [],
    wants('callout') ? calloutItems(db, actor, input, unitPath) : [],
    wants('signup') ? signupItems(db, actor, input, unitPath) : [],
    // A counseling session belongs to no unit or category a filter could name.
    wants('booking') && !input.category && !unitPath ? bookingItems(db, actor, new Date(input.from), new Date(input.to), MAX_PER_KIND) : []
  ]);
  return [...themes, ...events, ...callouts, ...signups, ...bookings];
}

/** The unit filter names a unit in the person's view; items above and below it are kept. */
async function filterUnitPath(db: Db, actor: Actor, unitId: string): Promise<string> {
  const unit = await unitById(db, unitId);
  if (!unit || !isInView(unit.path, homePaths(actor))) throw new DomainError('NOT_FOUND', undefined, { unitId: 'error.NOT_FOUND' });
  return unit.path;
}

async function themeItems(db: Db, actor: Actor, input: RangeInput, unitPath: string | null): Promise<CalendarItem[]> {
  let q = themesInView(db, actor);
  if (unitPath) q = q.where((eb) => eb.or([eb('t.orgUnitId', 'is', null), inView(eb.ref('o.path'), [unitPath])]));
  const rows = await q.execute();
  const from = shanghaiDate(input.from);
  const to = shanghaiDate(input.to);
  return rows.flatMap((theme) =>
    occurrences(theme, from, to).map((span) => ({
      id: `theme:${theme.id}:${span.year}`,
      kind: 'theme' as const,
      title: theme.name,
      start: span.startsOn,
      end: dayAfter(span.endsOn),
      allDay: true,
      status: null,
      unitName: theme.unitName,
      category: null,
      place: null,
      href: null,
      description: theme.description
    }))
  );
}

async function eventItems(db: Db, actor: Actor, input: RangeInput, unitPath: string | null): Promise<CalendarItem[]> {
  let q = eventsInView(db, actor)
    .select(['e.id', 'e.title', 'e.startsAt', 'e.endsAt', 'e.status', 'e.place', 'o.name as unitName'])
    .where('e.startsAt', '<', new Date(input.to))
    .where('e.endsAt', '>', new Date(input.from));
  if (unitPath) q = q.where((eb) => inView(eb.ref('o.path'), [unitPath]));
  const rows = await q.orderBy('e.startsAt').limit(MAX_PER_KIND).execute();
  return rows.flatMap((e) => {
    const span = isoSpan(`event ${e.id}`, e.startsAt, e.endsAt);
    return span ? [{
      id: `event:${e.id}`, kind: 'event' as const, title: e.title, ...span, allDay: false,
      status: e.status, unitName: e.unitName, category: null, place: e.place, href: `/events/${e.id}`, description: null
    }] : [];
  });
}

function calloutsBetween(db: Db, input: RangeInput) {
  let q = db
    .selectFrom('callout as c')
    .innerJoin('orgUnit as g', 'g.id', 'c.gridId')
    .select(['c.id', 'c.title', 'c.startsAt', 'c.endsAt', 'c.status', 'c.category', 'c.place', 'g.name as unitName'])
    .where('c.startsAt', '<', new Date(input.to))
    .where('c.endsAt', '>', new Date(input.from));
  if (input.category) q = q.where('c.category', '=', input.category);
  return q;
}

/** The callout as a calendar item, or none when its time cannot be read. */
const calloutItem = (kind: 'callout' | 'signup', c: { id: string; title: string; startsAt: Date; endsAt: Date; status: string; category: CalloutCategory; place: string; unitName: string }): CalendarItem[] => {
  const span = isoSpan(`callout ${c.id}`, c.startsAt, c.endsAt);
  return span ? [{
    id: `${kind}:${c.id}`, kind, title: c.title, ...span, allDay: false,
    status: c.status, unitName: c.unitName, category: c.category, place: c.place, href: `/callouts/${c.id}`, description: null
  }] : [];
};

/** Callouts the person can see, except those they signed up for (shown as their own sign-ups). */
async function calloutItems(db: Db, actor: Actor, input: RangeInput, unitPath: string | null): Promise<CalendarItem[]> {
  const seen = scopePaths(actor, ['volunteer', ...MANAGERS, 'hr']);
  const runs = scopePaths(actor, MANAGERS);
  let q = calloutsBetween(db, input)
    .where((eb) => pathWithin(eb, 'g.path', seen))
    .where('c.status', '<>', 'cancelled')
    // A draft is only for those who run the grid.
    .where((eb) => eb.or([eb('c.status', '<>', 'draft'), pathWithin(eb, 'g.path', runs)]))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('signup as s').select('s.id').whereRef('s.calloutId', '=', 'c.id').where('s.volunteerId', '=', actor.userId).where('s.status', '<>', 'cancelled'))));
  if (unitPath) q = q.where('g.path', 'like', `${unitPath}%`);
  const rows = await q.orderBy('c.startsAt').limit(MAX_PER_KIND).execute();
  return rows.flatMap((c) => calloutItem('callout', c));
}

/** The person's own sign-ups, wherever they are; a called-off callout shows as cancelled. */
async function signupItems(db: Db, actor: Actor, input: RangeInput, unitPath: string | null): Promise<CalendarItem[]> {
  let q = calloutsBetween(db, input)
    .innerJoin('signup as s', 's.calloutId', 'c.id')
    .select(['s.status as signupStatus'])
    .where('s.volunteerId', '=', actor.userId)
    .where('s.status', '<>', 'cancelled');
  if (unitPath) q = q.where('g.path', 'like', `${unitPath}%`);
  const rows = await q.orderBy('c.startsAt').limit(MAX_PER_KIND).execute();
  // Waitlisted is what the person most needs to tell apart from a confirmed place.
  return rows.flatMap((r) => calloutItem('signup', r).map((item) => ({ ...item, status: r.status === 'cancelled' ? 'cancelled' : r.signupStatus })));
}

