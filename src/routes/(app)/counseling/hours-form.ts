import type { HoursView } from '$lib/server/counseling/hours';
import type { HoursInput } from '$lib/server/counseling/schema';

/** One stretch of hours as the form holds it: numbers may be empty while typed. */
export interface HoursWindow {
  startTime: string;
  endTime: string;
  mode: 'place' | 'online';
  place: string;
  slotMinutes: number | null;
  bufferMinutes: number | null;
}
export interface RuleRow extends HoursWindow {
  key: number;
  weekday: number;
}
export interface OverrideRow extends HoursWindow {
  key: number;
  kind: 'off' | 'extra';
  date: string;
}

let keys = 0;
export const nextKey = () => ++keys;

/** Wednesday afternoon at the station, as in DESIGN E: a starting point to edit. */
export const newWindow = (): HoursWindow => ({ startTime: '14:00', endTime: '17:00', mode: 'place', place: '', slotMinutes: 50, bufferMinutes: 10 });

const windowOf = (w: HoursWindow): HoursWindow => ({
  startTime: w.startTime, endTime: w.endTime, mode: w.mode, place: w.place, slotMinutes: w.slotMinutes, bufferMinutes: w.bufferMinutes
});

export function rowsOf(hours: HoursView): { rules: RuleRow[]; overrides: OverrideRow[] } {
  return {
    rules: hours.rules.map((r) => ({ key: nextKey(), weekday: r.weekday, ...windowOf(r) })),
    overrides: hours.overrides.map((o) =>
      o.kind === 'off' ? { key: nextKey(), kind: 'off', date: o.date, ...newWindow() } : { key: nextKey(), kind: 'extra', date: o.date, ...windowOf(o) }
    )
  };
}

/**
 * What hours.save receives. Empty numbers go as they are and come back as field errors; the
 * window of a day off is the form's leftover and is not sent.
 */
export function inputOf(form: { minNoticeHours: number | null; horizonDays: number | null; rules: RuleRow[]; overrides: OverrideRow[] }): HoursInput {
  const win = (w: HoursWindow) => windowOf(w) as HoursInput['rules'][number];
  return {
    minNoticeHours: form.minNoticeHours as number,
    horizonDays: form.horizonDays as number,
    rules: form.rules.map((r) => ({ ...win(r), weekday: r.weekday })),
    overrides: form.overrides.map((o) => (o.kind === 'off' ? { kind: 'off', date: o.date } : { kind: 'extra', date: o.date, ...win(o) }))
  };
}
