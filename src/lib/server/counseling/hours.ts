import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import { audit } from '../audit/audit';
import type { HoursInput, OverrideInput, RuleInput } from './schema';

export const DEFAULT_NOTICE_HOURS = 24;
export const DEFAULT_HORIZON_DAYS = 28;

export interface HoursView {
  /** False until the counselor first saves: workers see no slots of theirs before that. */
  published: boolean;
  minNoticeHours: number;
  horizonDays: number;
  rules: RuleInput[];
  overrides: OverrideInput[];
}

const hhmm = (t: string) => t.slice(0, 5);

/** The caller's own office hours as they would be saved again. */
export async function getHours(db: Db, actor: Actor): Promise<HoursView> {
  const settings = await db.selectFrom('counselingSettings').select(['minNoticeHours', 'horizonDays']).where('counselorId', '=', actor.userId).executeTakeFirst();
  const [rules, overrides] = await Promise.all([
    db.selectFrom('counselingRule').selectAll().where('counselorId', '=', actor.userId).orderBy('weekday').orderBy('startsTime').execute(),
    db.selectFrom('counselingOverride').selectAll().where('counselorId', '=', actor.userId).orderBy('onDate').orderBy('kind', 'desc').orderBy('startsTime').execute()
  ]);
  return {
    published: Boolean(settings),
    minNoticeHours: settings?.minNoticeHours ?? DEFAULT_NOTICE_HOURS,
    horizonDays: settings?.horizonDays ?? DEFAULT_HORIZON_DAYS,
    rules: rules.map((r) => ({
      weekday: r.weekday, startTime: hhmm(r.startsTime), endTime: hhmm(r.endsTime), mode: r.mode, place: r.place, slotMinutes: r.slotMinutes, bufferMinutes: r.bufferMinutes
    })),
    overrides: overrides.map((o): OverrideInput =>
      o.kind === 'off'
        ? { kind: 'off', date: o.onDate }
        : { kind: 'extra', date: o.onDate, startTime: hhmm(o.startsTime!), endTime: hhmm(o.endsTime!), mode: o.mode!, place: o.place!, slotMinutes: o.slotMinutes!, bufferMinutes: o.bufferMinutes! }
    )
  };
}

/**
 * Replaces the caller's hours, overrides and settings in one transaction. The upsert locks the
 * settings row, so it waits for bookings being checked against the old hours (they hold it FOR
 * SHARE) and later bookings see only the new ones. Booked sessions keep their time and place;
 * new slots that would overlap one are simply not offered.
 */
export async function saveHours(db: Db, actor: Actor, input: HoursInput, requestId?: string): Promise<HoursView> {
  await db.transaction().execute(async (trx) => {
    const counselorId = actor.userId;
    await trx
      .insertInto('counselingSettings')
      .values({ counselorId, minNoticeHours: input.minNoticeHours, horizonDays: input.horizonDays })
      .onConflict((oc) => oc.column('counselorId').doUpdateSet({ minNoticeHours: input.minNoticeHours, horizonDays: input.horizonDays, updatedAt: new Date() }))
      .execute();
    await trx.deleteFrom('counselingRule').where('counselorId', '=', counselorId).execute();
    await trx.deleteFrom('counselingOverride').where('counselorId', '=', counselorId).execute();
    if (input.rules.length) {
      await trx
        .insertInto('counselingRule')
        .values(input.rules.map((r) => ({
          counselorId, weekday: r.weekday, startsTime: r.startTime, endsTime: r.endTime, mode: r.mode, place: r.place, slotMinutes: r.slotMinutes, bufferMinutes: r.bufferMinutes
        })))
        .execute();
    }
    if (input.overrides.length) {
      await trx
        .insertInto('counselingOverride')
        .values(input.overrides.map((o) => o.kind === 'off'
          ? { counselorId, onDate: o.date, kind: 'off' as const, startsTime: null, endsTime: null, mode: null, place: null, slotMinutes: null, bufferMinutes: null }
          : { counselorId, onDate: o.date, kind: 'extra' as const, startsTime: o.startTime, endsTime: o.endTime, mode: o.mode, place: o.place, slotMinutes: o.slotMinutes, bufferMinutes: o.bufferMinutes }))
        .execute();
    }
    await audit(trx, { actorId: counselorId, action: 'counseling.hours.save', targetType: 'counseling_hours', targetId: counselorId, requestId });
  });
  return getHours(db, actor);
}
