import { t } from '$lib/i18n/page';
import type { ResponseFigures } from '$lib/server/callout/service/dashboard';

/** Minutes as people read a wait: "45 分钟" under an hour, else hours to one decimal ("6.5 小时"). */
export function duration(minutes: number): string {
  if (minutes < 60) return t('dashboard.minutes', { n: Math.round(minutes) });
  return t('dashboard.hours', { n: Math.round(minutes / 6) / 10 });
}

/** Of those due, the share staffed on target, in whole percent; null when none is due yet. */
export function onTargetShare(f: Pick<ResponseFigures, 'due' | 'staffedOnTarget'>): number | null {
  return f.due ? Math.round((f.staffedOnTarget / f.due) * 100) : null;
}

export const percent = (value: number) => t('dashboard.percent', { n: value });
