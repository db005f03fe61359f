import { z } from 'zod';
import { Id, optional } from '../auth/schema';
import { isoWeekday, minutesOf } from './slots';
import { When, Day } from '../time-schema';

/** Local Asia/Shanghai wall-clock time, 'HH:MM'. */
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'counseling.validation.time' });

export const MODES = ['place', 'online'] as const;

/** One stretch of office hours: slots of slotMinutes start every slotMinutes + bufferMinutes. */
const WindowFields = {
  startTime: Time,
  endTime: Time,
  mode: z.enum(MODES),
  /** The room (心灵驿站, 东湖街道办 3 楼) or, online, how to join. */
  place: z.string().trim().min(1).max(120),
  slotMinutes: z.number({ error: 'validation.number' }).int().min(15, { error: 'counseling.validation.slotMinutes' }).max(180, { error: 'counseling.validation.slotMinutes' }),
  bufferMinutes: z.number({ error: 'validation.number' }).int().min(0, { error: 'counseling.validation.bufferMinutes' }).max(60, { error: 'counseling.validation.bufferMinutes' }).default(0)
};

export const RuleInput = z.object({ weekday: z.number().int().min(1).max(7), ...WindowFields });
export type RuleInput = z.infer<typeof RuleInput>;

export const OverrideInput = z.discriminatedUnion('kind', [
  /** A day off: the weekly hours of that date are not offered. */
  z.object({ kind: z.literal('off'), date: Day }),
  /** Extra hours on that date, on top of the weekly ones (or instead of them, with a day off on the same date). */
  z.object({ kind: z.literal('extra'), date: Day, ...WindowFields })
]);
export type OverrideInput = z.infer<typeof OverrideInput>;

type Window = { startTime: string; endTime: string; slotMinutes: number };

/**
 * Windows that overlap would offer overlapping slots with different starts, which the unique
 * index on (counselor, start) cannot tell apart: so they are refused here, by the field.
 */
function checkHours(h: { rules: RuleInput[]; overrides: OverrideInput[] }, ctx: z.RefinementCtx) {
  const fits = (w: Window, path: PropertyKey[]) => {
    const length = minutesOf(w.endTime) - minutesOf(w.startTime);
    if (length < w.slotMinutes) ctx.addIssue({ code: 'custom', message: 'counseling.validation.window', path: [...path, 'endTime'] });
    return length >= w.slotMinutes;
  };
  const overlaps = (a: Window, b: Window) => minutesOf(a.startTime) < minutesOf(b.endTime) && minutesOf(b.startTime) < minutesOf(a.endTime);

  const byWeekday = new Map<number, { w: Window; i: number }[]>();
  h.rules.forEach((r, i) => {
    if (!fits(r, ['rules', i])) return;
    const same = byWeekday.get(r.weekday) ?? [];
    if (same.some((o) => overlaps(o.w, r))) ctx.addIssue({ code: 'custom', message: 'counseling.validation.overlap', path: ['rules', i, 'startTime'] });
    else same.push({ w: r, i });
    byWeekday.set(r.weekday, same);
  });

  const off = new Set<string>();
  h.overrides.forEach((o, i) => {
    if (o.kind !== 'off') return;
    if (off.has(o.date)) ctx.addIssue({ code: 'custom', message: 'counseling.validation.offTwice', path: ['overrides', i, 'date'] });
    off.add(o.date);
  });
  const extrasByDate = new Map<string, Window[]>();
  h.overrides.forEach((o, i) => {
    if (o.kind !== 'extra' || !fits(o, ['overrides', i])) return;
    const weekly = off.has(o.date) ? [] : (byWeekday.get(isoWeekday(o.date)) ?? []).map((x) => x.w);
    const same = extrasByDate.get(o.date) ?? [];
    if ([...weekly, ...same].some((w) => overlaps(w, o))) ctx.addIssue({ code: 'custom', message: 'counseling.validation.overlap', path: ['overrides', i, 'startTime'] });
    else same.push(o);
    extrasByDate.set(o.date, same);
  });
}

export const HoursInput = z
  .object({
    minNoticeHours: z.number({ error: 'validation.number' }).int().min(0, { error: 'counseling.validation.notice' }).max(336, { error: 'counseling.validation.notice' }),
    horizonDays: z.number({ error: 'validation.number' }).int().min(1, { error: 'counseling.validation.horizon' }).max(90, { error: 'counseling.validation.horizon' }),
    rules: z.array(RuleInput).max(50),
    overrides: z.array(OverrideInput).max(200).default([])
  })
  .superRefine(checkHours);
export type HoursInput = z.infer<typeof HoursInput>;

/** Eight weeks at most: enough for any horizon a worker meets, small enough to stay fast. */
export const MAX_RANGE_DAYS = 56;
const Range = { from: When, to: When };
const rangeOk = (r: { from: string; to: string }) => {
  const span = Date.parse(r.to) - Date.parse(r.from);
  return span > 0 && span <= MAX_RANGE_DAYS * 86_400_000;
};
const RANGE_ERROR = { error: 'counseling.validation.range', path: ['to'] };

export const SlotsInput = z.object({ ...Range, counselorId: Id.optional() }).refine(rangeOk, RANGE_ERROR);
export type SlotsInput = z.infer<typeof SlotsInput>;

export const BookInput = z.object({
  counselorId: Id,
  startsAt: When,
  /** Shown to the counselor instead of the worker's name. */
  alias: optional(z.string().trim().min(1).max(20)),
  /** For the counselor only. */
  note: optional(z.string().trim().min(1).max(500))
});
export type BookInput = z.infer<typeof BookInput>;

export const BookingId = z.object({ bookingId: Id });
export const RescheduleInput = z.object({ bookingId: Id, startsAt: When });
export type RescheduleInput = z.infer<typeof RescheduleInput>;

export const MineInput = z.object({ when: z.enum(['upcoming', 'past']).default('upcoming') }).default({ when: 'upcoming' });
export type MineInput = z.infer<typeof MineInput>;

export const MarkInput = z.object({ bookingId: Id, outcome: z.enum(['attended', 'no_show']) });
export type MarkInput = z.infer<typeof MarkInput>;

export const CounselorCancelInput = z.object({
  bookingId: Id,
  /** Told to the worker in the cancellation mail. */
  reason: z.string().trim().min(2, { error: 'counseling.validation.reason' }).max(200, { error: 'counseling.validation.reason' })
});
export type CounselorCancelInput = z.infer<typeof CounselorCancelInput>;

export const MonthlyTotalsInput = z.object({
  unitId: Id,
  year: z.number({ error: 'validation.number' }).int().min(2000, { error: 'counseling.validation.year' }).max(2199, { error: 'counseling.validation.year' })
});
export type MonthlyTotalsInput = z.infer<typeof MonthlyTotalsInput>;

const Token = z.string().trim().min(1).max(200);
export const LinkInput = z.object({ token: Token });
export const LinkSlotsInput = z.object({ token: Token, ...Range }).refine(rangeOk, RANGE_ERROR);
export const LinkRescheduleInput = z.object({ token: Token, startsAt: When });
