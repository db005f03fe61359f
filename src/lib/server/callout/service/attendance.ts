import { sql } from 'kysely';
import type { Actor } from '../../auth/actor';
import type { Db } from '../../db/connect';
import { DomainError } from '../../domain-error';
import { audit } from '../../audit/audit';
import { codeIsValid, currentCode } from '../site-code';
import { throttledCodeCheck } from '../site-code-throttle';
import { isVisible } from '../policy';
import { calloutWithGrid } from '../queries';
import { managedCallout } from './manage';
import type { ManualCheckInInput, SiteCodeInput } from '../schema';

/** Check-in opens half an hour before the start and closes at the end. */
const EARLY_MS = 30 * 60_000;

type Timed = { startsAt: Date; endsAt: Date; status: string };
function assertCheckInTime(c: Timed, now = Date.now()) {
  const live = c.status === 'open' || c.status === 'full' || c.status === 'in_progress';
  if (!live || now < c.startsAt.getTime() - EARLY_MS || now > c.endsAt.getTime()) throw new DomainError('NOT_CHECK_IN_TIME');
}

/** Minutes on site, clipped to the callout's own time. */
export function minutesOnSite(c: { startsAt: Date; endsAt: Date }, inAt: Date, outAt: Date): number {
  const from = Math.max(inAt.getTime(), c.startsAt.getTime());
  const to = Math.min(outAt.getTime(), c.endsAt.getTime());
  return Math.max(0, Math.floor((to - from) / 60_000));
}

/** The volunteer's confirmed sign-up, once the typed code has passed; wrong codes are counted (site-code-throttle). */
async function mySignupAt(db: Db, actor: Actor, input: SiteCodeInput, ip: string) {
  const row = await calloutWithGrid(db)
    .leftJoin('signup as s', (join) => join.onRef('s.calloutId', '=', 'c.id').on('s.volunteerId', '=', actor.userId).on('s.status', '=', 'confirmed'))
    .select(['s.id as signupId', 's.checkedInAt', 's.checkedOutAt', 'c.checkinSecret'])
    .where('c.id', '=', input.calloutId)
    .executeTakeFirst();
  if (!row || !isVisible(actor, row)) throw new DomainError('NOT_FOUND');
  if (!row.signupId) throw new DomainError('NOT_SIGNED_UP');
  assertCheckInTime(row);
  await throttledCodeCheck(db, { volunteerId: actor.userId, calloutId: row.id, ip }, () => codeIsValid(row.checkinSecret, row.id, input.code));
  return { ...row, id: row.signupId, calloutId: row.id };
}

/** The volunteer types or scans the code shown on site. One statement decides, so a double scan checks in once. */
export async function checkIn(db: Db, actor: Actor, input: SiteCodeInput, ip: string) {
  const signup = await mySignupAt(db, actor, input, ip);
  const done = await db
    .updateTable('signup')
    .set({ checkedInAt: sql`now()`, checkinMethod: 'code' })
    .where('id', '=', signup.id)
    .where('checkedInAt', 'is', null)
    .returning('checkedInAt')
    .executeTakeFirst();
  if (!done) throw new DomainError('ALREADY_CHECKED_IN');
  return { checkedInAt: done.checkedInAt };
}

/** Checking out records the hours on the ledger, clipped to the callout's time, for the grid worker to confirm. */
export async function checkOut(db: Db, actor: Actor, input: SiteCodeInput, ip: string) {
  const signup = await mySignupAt(db, actor, input, ip);
  if (!signup.checkedInAt) throw new DomainError('NOT_CHECKED_IN');
  return db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('signup')
      .set({ checkedOutAt: sql`now()` })
      .where('id', '=', signup.id)
      .where('checkedOutAt', 'is', null)
      .returning(['checkedInAt', 'checkedOutAt'])
      .executeTakeFirst();
    if (!done?.checkedInAt || !done.checkedOutAt) throw new DomainError('ALREADY_CHECKED_OUT');
    const minutes = minutesOnSite(signup, done.checkedInAt, done.checkedOutAt);
    await trx.insertInto('hoursEntry').values({ signupId: signup.id, volunteerId: actor.userId, calloutId: signup.calloutId, minutes, kind: 'recorded', reason: null, enteredBy: null }).execute();
    return { checkedOutAt: done.checkedOutAt, minutes };
  });
}

/** For the live code screen of the people running the callout. */
export async function siteCode(db: Db, actor: Actor, calloutId: string) {
  const callout = await managedCallout(db, actor, calloutId);
  assertCheckInTime(callout);
  const secret = await db.selectFrom('callout').select('checkinSecret').where('id', '=', callout.id).executeTakeFirstOrThrow();
  return currentCode(secret.checkinSecret, callout.id);
}

const LIVE = ['open', 'full', 'in_progress'];

/**
 * The times a grid worker states, clipped to the callout's time. None may lie in the future; the
 * check-out, when given, needs the check-in and may not come before it.
 */
function statedTimes(c: { startsAt: Date; endsAt: Date }, input: ManualCheckInInput, ended: boolean, now: number) {
  const missing: Record<string, 'attendance.timeRequired'> = {};
  if (!input.checkedInAt && (ended || input.checkedOutAt)) missing.checkedInAt = 'attendance.timeRequired';
  if (!input.checkedOutAt && ended) missing.checkedOutAt = 'attendance.timeRequired';
  if (Object.keys(missing).length) throw new DomainError('VALIDATION', undefined, missing);
  const clip = (at: string) => new Date(Math.min(Math.max(new Date(at).getTime(), c.startsAt.getTime()), c.endsAt.getTime()));
  const inAt = input.checkedInAt ? clip(input.checkedInAt) : null;
  const outAt = input.checkedOutAt ? clip(input.checkedOutAt) : null;
  if (inAt && inAt.getTime() > now) throw new DomainError('VALIDATION', undefined, { checkedInAt: 'attendance.timeInFuture' });
  if (outAt && outAt.getTime() > now) throw new DomainError('VALIDATION', undefined, { checkedOutAt: 'attendance.timeInFuture' });
  if (inAt && outAt && outAt < inAt) throw new DomainError('VALIDATION', undefined, { checkedOutAt: 'attendance.outBeforeIn' });
  return { inAt, outAt };
}

/**
 * The grid worker checks someone in by hand (a phone with no camera, a flat battery), with a reason.
 * During the check-in window the time defaults to now. After the end, until the callout is completed,
 * it fixes up the attendance of someone who came but never reported: the grid worker states both
 * times, they are clipped to the callout's time, the hours go on the ledger as recorded (for the
 * usual confirmation) and a no-show mark is cleared.
 */
export async function manualCheckIn(db: Db, actor: Actor, input: ManualCheckInInput, requestId?: string) {
  const signup = await db.selectFrom('signup').select(['id', 'calloutId', 'status', 'volunteerId']).where('id', '=', input.signupId).executeTakeFirst();
  if (!signup) throw new DomainError('NOT_FOUND');
  await managedCallout(db, actor, signup.calloutId);
  if (signup.status !== 'confirmed') throw new DomainError('NOT_SIGNED_UP');
  return db.transaction().execute(async (trx) => {
    // Locked: completing or calling off the callout waits for this, so neither slips in between.
    const callout = await managedCallout(trx, actor, signup.calloutId, true);
    const now = Date.now();
    if (!LIVE.includes(callout.status)) throw new DomainError('CALLOUT_NOT_EDITABLE');
    const ended = now > callout.endsAt.getTime();
    if (!ended) assertCheckInTime(callout, now);
    const { inAt, outAt } = statedTimes(callout, input, ended, now);
    const done = await trx
      .updateTable('signup')
      .set({
        checkedInAt: inAt ?? sql<Date>`now()`, checkedOutAt: outAt, checkinMethod: 'manual', checkinReason: input.reason, checkinBy: actor.userId, noShow: false
      })
      .where('id', '=', signup.id)
      .where('checkedInAt', 'is', null)
      .returning(['checkedInAt', 'checkedOutAt'])
      .executeTakeFirst();
    if (!done?.checkedInAt) throw new DomainError('ALREADY_CHECKED_IN');
    const minutes = done.checkedOutAt ? minutesOnSite(callout, done.checkedInAt, done.checkedOutAt) : null;
    if (minutes !== null) {
      await trx.insertInto('hoursEntry').values({ signupId: signup.id, volunteerId: signup.volunteerId, calloutId: callout.id, minutes, kind: 'recorded', reason: null, enteredBy: actor.userId }).execute();
    }
    await audit(trx, {
      actorId: actor.userId, action: 'callout.manual_check_in', targetType: 'signup', targetId: signup.id, orgUnitId: callout.gridId, requestId,
      detail: { reason: input.reason, checkedInAt: done.checkedInAt.toISOString(), checkedOutAt: done.checkedOutAt?.toISOString() ?? null }
    });
    return { checkedInAt: done.checkedInAt, checkedOutAt: done.checkedOutAt, minutes };
  });
}
