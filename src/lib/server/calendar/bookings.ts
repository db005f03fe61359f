import { translate, type Locale } from '$lib/i18n';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { hasRole } from '../org/scope';
import { bookingUid } from '../counseling/mail';
import type { BookingStatus, SessionMode } from '../counseling/tables';
import type { CalendarItem } from './range';
import type { IcsItem } from './ics';
import { isoSpan } from './instants';

const where = (locale: Locale, b: { mode: SessionMode; place: string }) => translate(locale, `counseling.where.${b.mode}`, { place: b.place });

interface BookingRow {
  id: string;
  startsAt: Date;
  endsAt: Date;
  mode: SessionMode;
  place: string;
  status: BookingStatus;
}

/** The session as a calendar item, or none when its time cannot be read. */
const bookingItem = (locale: Locale, b: BookingRow, title: string): CalendarItem[] => {
  const span = isoSpan(`booking ${b.id}`, b.startsAt, b.endsAt);
  return span ? [{
    id: `booking:${b.id}`, kind: 'booking', title, ...span, allDay: false,
    status: b.status, unitName: null, category: null, place: where(locale, b), href: '/counseling', description: null
  }] : [];
};

/**
 * Counseling sessions on the calendar, only the person's own: booked by them as a grid worker
 * (titled with the counselor), or with them as the counselor (titled with the alias and never the
 * worker's name, as the calendar is glanced at where others can see the screen). HR and admins
 * see none. Cancelled ones stay, marked cancelled. `max`: the per-kind cap of the caller.
 */
export async function bookingItems(db: Db, actor: Actor, from: Date, to: Date, max: number): Promise<CalendarItem[]> {
  const l = actor.locale;
  const between = () =>
    db
      .selectFrom('counselingBooking as b')
      .select(['b.id', 'b.startsAt', 'b.endsAt', 'b.mode', 'b.place', 'b.status'])
      .where('b.startsAt', '<', to)
      .where('b.endsAt', '>', from)
      .orderBy('b.startsAt')
      .limit(max);
  const [booked, sessions] = await Promise.all([
    hasRole(actor, ['grid_worker'])
      ? between().innerJoin('appUser as c', 'c.id', 'b.counselorId').select('c.name as counselorName').where('b.workerId', '=', actor.userId).execute()
      : [],
    hasRole(actor, ['counselor']) ? between().select('b.alias').where('b.counselorId', '=', actor.userId).execute() : []
  ]);
  return [
    ...booked.flatMap((b) => bookingItem(l, b, translate(l, 'calendar.booking.title', { who: b.counselorName }))),
    ...sessions.flatMap((s) => bookingItem(l, s, s.alias ? translate(l, 'calendar.booking.title', { who: s.alias }) : translate(l, 'calendar.booking.noAlias')))
  ];
}

/**
 * The person's sessions in their feed, as worker or as counselor, under the UID and SEQUENCE of
 * the invites mailed about them, so a calendar app that has the invite updates that entry.
 *
 * A feed address is easily shared (a family calendar, a colleague's subscription, a synced work
 * account), and it is read without signing in. So each entry says only that there is a counseling
 * appointment, when and where: no counselor, no alias, no note, no description.
 */
export async function bookingFeedItems(db: Db, userId: string, from: Date, to: Date, origin: string): Promise<IcsItem[]> {
  const [user, rows] = await Promise.all([
    db.selectFrom('appUser').select('locale').where('id', '=', userId).executeTakeFirst(),
    db
      .selectFrom('counselingBooking')
      .select(['id', 'startsAt', 'endsAt', 'mode', 'place', 'status', 'sequence', 'updatedAt'])
      .where((eb) => eb.or([eb('workerId', '=', userId), eb('counselorId', '=', userId)]))
      .where('startsAt', '<', to)
      .where('endsAt', '>', from)
      .orderBy('startsAt')
      .execute()
  ]);
  const l = user?.locale ?? 'zh-CN';
  return rows.map((b) => ({
    uid: bookingUid(b.id),
    start: b.startsAt,
    end: b.endsAt,
    summary: translate(l, 'calendar.booking.feedSummary'),
    location: where(l, b),
    url: `${origin}/counseling`,
    status: b.status === 'cancelled' ? 'cancelled' : 'confirmed',
    sequence: b.sequence,
    lastModified: b.updatedAt
  }));
}
