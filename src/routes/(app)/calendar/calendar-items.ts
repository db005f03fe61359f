import type { EventInput } from '@fullcalendar/core';
import type { CalendarItem } from '$lib/server/calendar/range';
import type { CalendarKind } from '$lib/types';
import type { MessageKey } from '$lib/i18n';

/** Each kind has a colour and a symbol, so the legend and the entries never rely on colour alone. */
export const KIND_STYLE: Record<CalendarKind, { symbol: string; className: string; label: MessageKey }> = {
  theme: { symbol: '◆', className: 'kind-theme', label: 'calendar.kind.theme' },
  event: { symbol: '●', className: 'kind-event', label: 'calendar.kind.event' },
  callout: { symbol: '▲', className: 'kind-callout', label: 'calendar.kind.callout' },
  signup: { symbol: '★', className: 'kind-signup', label: 'calendar.kind.signup' },
  booking: { symbol: '■', className: 'kind-booking', label: 'calendar.kind.booking' }
};

/** Status words put in front of a title, for what a glance at the colour cannot tell. */
const STATUS_LABEL: Partial<Record<string, MessageKey>> = {
  cancelled: 'calendar.status.cancelled',
  waitlisted: 'calendar.status.waitlisted',
  draft: 'calendar.status.draft'
};

/** One server item as FullCalendar entries: a theme becomes a shaded background span. */
export function toEventInput(item: CalendarItem, t: (key: MessageKey) => string): EventInput {
  const style = KIND_STYLE[item.kind];
  const statusKey = item.status ? STATUS_LABEL[item.status] : undefined;
  const title = `${style.symbol} ${statusKey ? `【${t(statusKey)}】` : ''}${item.title}`;
  return {
    id: item.id,
    title,
    start: item.start,
    end: item.end,
    allDay: item.allDay,
    url: item.href ?? undefined,
    display: item.kind === 'theme' ? 'background' : 'block',
    classNames: [style.className, ...(item.status === 'cancelled' ? ['is-cancelled'] : [])],
    extendedProps: { kind: item.kind, place: item.place, unitName: item.unitName }
  };
}
