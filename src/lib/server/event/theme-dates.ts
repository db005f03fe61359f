/** Dates are 'YYYY-MM-DD' strings throughout: a theme spans whole days in Asia/Shanghai. */
export interface ThemeSpan {
  startsOn: string;
  endsOn: string;
  repeatsYearly: boolean;
}

export interface Occurrence {
  year: number;
  startsOn: string;
  endsOn: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const yearOf = (date: string) => Number(date.slice(0, 4));

/** The same month and day in another year; 29 February becomes the 28th where there is none. */
function inYear(date: string, year: number): string {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(day, lastDay))}`;
}

/** Each span of the theme that touches [from, to] (inclusive dates), in order. */
export function occurrences(theme: ThemeSpan, from: string, to: string): Occurrence[] {
  const first = yearOf(theme.startsOn);
  if (!theme.repeatsYearly) {
    return theme.startsOn <= to && theme.endsOn >= from ? [{ year: first, startsOn: theme.startsOn, endsOn: theme.endsOn }] : [];
  }
  const yearsSpanned = yearOf(theme.endsOn) - first;
  const found: Occurrence[] = [];
  for (let year = Math.max(first, yearOf(from) - yearsSpanned); year <= yearOf(to); year++) {
    const span = { year, startsOn: inYear(theme.startsOn, year), endsOn: inYear(theme.endsOn, year + yearsSpanned) };
    if (span.startsOn <= to && span.endsOn >= from) found.push(span);
  }
  return found;
}

/** Whether two themes share a day in any year either of them runs. */
export function spansOverlap(a: ThemeSpan, b: ThemeSpan): boolean {
  const from = [a.startsOn, b.startsOn].sort()[0]!;
  const lastYear = Math.max(yearOf(a.endsOn), yearOf(b.endsOn)) + 1;
  const to = `${lastYear}-12-31`;
  const bSpans = occurrences(b, from, to);
  return occurrences(a, from, to).some((x) => bSpans.some((y) => x.startsOn <= y.endsOn && y.startsOn <= x.endsOn));
}

/** The day after a date, for calendars whose all-day ends are exclusive (FullCalendar, iCalendar). */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
