import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { audit } from '../audit/audit';
import { signLink, verifyLink } from '../secrets/link-signing';
import { calloutUid, sequenceFrom, type IcsItem } from './ics';
import { bookingFeedItems } from './bookings';

const PURPOSE = 'calendar-feed';
const DAY = 86400_000;
/** A feed carries the recent past and the year ahead: enough for a phone, small enough to poll. */
const FEED_PAST_DAYS = 60;
const FEED_FUTURE_DAYS = 366;

const feedPath = async (db: Db, userId: string, generation: number) =>
  `/calendar/feed/${await signLink(db, PURPOSE, `${userId}_${generation}`)}.ics`;

/** The person's feed address, or null before they made one. */
export async function myFeed(db: Db, actor: Actor) {
  const row = await db.selectFrom('calendarFeed').select(['generation', 'createdAt']).where('userId', '=', actor.userId).executeTakeFirst();
  return row ? { path: await feedPath(db, actor.userId, row.generation), createdAt: row.createdAt } : null;
}

/** Makes the feed address, or a new one: every address made before stops working. */
export async function regenerateFeed(db: Db, actor: Actor, requestId?: string) {
  const row = await db.transaction().execute(async (trx) => {
    const saved = await trx
      .insertInto('calendarFeed')
      .values({ userId: actor.userId })
      .onConflict((oc) => oc.column('userId').doUpdateSet({ generation: sql`calendar_feed.generation + 1`, createdAt: new Date() }))
      .returning(['generation', 'createdAt'])
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'calendar.regenerateFeed', targetType: 'user', targetId: actor.userId, requestId });
    return saved;
  });
  return { path: await feedPath(db, actor.userId, row.generation), createdAt: row.createdAt };
}

/** The owner of a feed token that is signed by us and not revoked; undefined for anything else. */
export async function feedOwner(db: Db, token: string): Promise<string | undefined> {
  const subject = await verifyLink(db, PURPOSE, token);
  const [userId, generation] = subject?.split('_') ?? [];
  if (!userId || !generation || !/^[0-9a-f-]{36}$/.test(userId)) return undefined;
  const row = await db.selectFrom('calendarFeed').select('generation').where('userId', '=', userId).executeTakeFirst();
  return row && String(row.generation) === generation ? userId : undefined;
}

/**
 * The person's own items: callouts they signed up for (a waitlist place is tentative; a
 * withdrawn sign-up or a called-off callout is cancelled, so calendar apps drop it) and the
 * callouts they posted; and their counseling sessions (see bookingFeedItems for what they say).
 */
export async function feedItems(db: Db, userId: string, origin: string): Promise<IcsItem[]> {
  const from = new Date(Date.now() - FEED_PAST_DAYS * DAY);
  const to = new Date(Date.now() + FEED_FUTURE_DAYS * DAY);
  const base = db
    .selectFrom('callout as c')
    .innerJoin('orgUnit as g', 'g.id', 'c.gridId')
    .select(['c.id', 'c.title', 'c.description', 'c.place', 'c.startsAt', 'c.endsAt', 'c.status', 'c.updatedAt', 'g.name as gridName'])
    .where('c.endsAt', '>', from)
    .where('c.startsAt', '<', to);
  const [signedUp, posted, bookings] = await Promise.all([
    base
      .innerJoin('signup as s', 's.calloutId', 'c.id')
      .select(['s.status as signupStatus', sql<Date>`greatest(s.created_at, s.promoted_at, s.cancelled_at)`.as('signupChangedAt')])
      .where('s.volunteerId', '=', userId)
      // The newest sign-up per callout: someone who withdrew and signed up again is signed up.
      .orderBy('c.id').orderBy('s.seq', 'desc')
      .execute(),
    base.where('c.createdBy', '=', userId).where('c.status', '<>', 'draft').execute(),
    bookingFeedItems(db, userId, from, to, origin)
  ]);
  const items = new Map<string, IcsItem>();
  const item = (c: (typeof posted)[number], status: IcsItem['status'], changedAt: Date): IcsItem => ({
    uid: calloutUid(c.id),
    start: c.startsAt,
    end: c.endsAt,
    summary: c.title,
    description: c.description,
    location: `${c.place}（${c.gridName}）`,
    url: `${origin}/callouts/${c.id}`,
    status: c.status === 'cancelled' ? 'cancelled' : status,
    sequence: sequenceFrom(changedAt),
    lastModified: changedAt
  });
  for (const c of posted) items.set(c.id, item(c, 'confirmed', c.updatedAt));
  for (const c of signedUp) {
    if (items.has(c.id)) continue;
    const status = c.signupStatus === 'confirmed' ? 'confirmed' : c.signupStatus === 'waitlisted' ? 'tentative' : 'cancelled';
    const changedAt = new Date(Math.max(c.updatedAt.getTime(), new Date(c.signupChangedAt).getTime()));
    items.set(c.id, item(c, status, changedAt));
  }
  return [...items.values(), ...bookings];
}
