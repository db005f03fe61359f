import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { DateTime } from 'luxon';
import { TIME_ZONE } from '$lib/i18n';
import { isReadable } from './instants';

export interface IcsItem {
  /** Stable across feeds and downloads, so a calendar app updates the entry instead of adding one. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** Goes up with every change a subscriber should see. */
  sequence: number;
  lastModified?: Date;
  /** For invites sent by mail (METHOD:REQUEST / CANCEL). */
  organizer?: { name: string; email: string };
  attendees?: { name: string; email: string }[];
}

const STATUS = { confirmed: ICalEventStatus.CONFIRMED, tentative: ICalEventStatus.TENTATIVE, cancelled: ICalEventStatus.CANCELLED };

/**
 * RFC 5545 text: times as local Asia/Shanghai with TZID and one VTIMEZONE, DTSTAMP in UTC.
 * The calendar-level zone stays unset on purpose: ical-generator would then write DTSTAMP as
 * local time, which RFC 5545 forbids; the zone per event still yields the VTIMEZONE.
 */
export function toIcs(name: string, items: IcsItem[], method?: 'publish' | 'request' | 'cancel'): string {
  const calendar = ical({ name, prodId: { company: 'GridCall', product: '网格通', language: 'ZH' } });
  calendar.timezone({ name: null, generator: getVtimezoneComponent });
  if (method) calendar.method({ publish: ICalCalendarMethod.PUBLISH, request: ICalCalendarMethod.REQUEST, cancel: ICalCalendarMethod.CANCEL }[method]);
  const local = (d: Date) => DateTime.fromJSDate(d).setZone(TIME_ZONE);
  // An entry whose time cannot be read is left out rather than the whole file failing.
  for (const item of items.filter((i) => isReadable(i.start) && isReadable(i.end))) {
    calendar.createEvent({
      id: item.uid,
      start: local(item.start),
      end: local(item.end),
      timezone: TIME_ZONE,
      stamp: DateTime.utc(),
      summary: item.summary,
      description: item.description ?? null,
      location: item.location ?? null,
      url: item.url ?? null,
      status: STATUS[item.status],
      sequence: item.sequence,
      lastModified: item.lastModified ? DateTime.fromJSDate(item.lastModified).toUTC() : null,
      organizer: item.organizer ?? null,
      attendees: item.attendees ?? []
    });
  }
  return calendar.toString();
}

/** iCalendar wants an integer that grows with each change; minutes since 2024 do, for centuries. */
export function sequenceFrom(changedAt: Date): number {
  return Math.max(0, Math.floor((changedAt.getTime() - Date.UTC(2024, 0, 1)) / 60_000));
}

export const calloutUid = (id: string) => `callout-${id}@gridcall.cn`;
export const eventUid = (id: string) => `event-${id}@gridcall.cn`;
