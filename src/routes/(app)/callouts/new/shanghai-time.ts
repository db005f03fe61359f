/**
 * <input type="datetime-local"> speaks wall-clock time without a zone; callouts happen in
 * Asia/Shanghai, which has had no daylight saving since 1991, so the offset is always +08:00.
 */
const OFFSET_MS = 8 * 3600_000;

/** '2026-03-05T09:30' (Beijing time) → '2026-03-05T09:30:00+08:00'; empty stays undefined. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  return /T\d\d:\d\d$/.test(value) ? `${value}:00+08:00` : `${value}+08:00`;
}

/** An instant → the datetime-local value that shows it in Beijing time, to the minute. */
export function toLocalInput(at: Date | string): string {
  return new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 16);
}
