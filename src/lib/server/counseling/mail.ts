import { formatDateTime, TIME_ZONE, translate, type Locale, type MessageKey } from '$lib/i18n';
import type { Db } from '../db/connect';
import { enqueueMail, MAIL_DOMAIN } from '../mail/outbox';
import { toIcs } from '../calendar/ics';
import { ORIGIN } from '../callout/notify';
import { signLink } from '../secrets/link-signing';
import type { SessionMode } from './tables';

/** `cancelled`: by the worker; `counselorCancelled`: by the counselor, with a reason for the worker. */
export type BookingMailKind = 'booked' | 'changed' | 'cancelled' | 'counselorCancelled' | 'reminder';

export interface BookingFacts {
  id: string;
  counselorId: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  mode: SessionMode;
  place: string;
  counselorName: string;
  counselorEmail: string | null;
  counselorLocale: Locale;
  workerName: string;
  workerEmail: string | null;
  workerLocale: Locale;
}

export const LINK_PURPOSE = 'counseling';

export const bookingUid = (id: string) => `booking-${id}@gridcall.cn`;

/**
 * The token in a worker's mail: signed over the booking id and its sequence, so every change
 * (which raises the sequence) retires the links sent before it.
 */
export const bookingToken = (db: Db, id: string, sequence: number) => signLink(db, LINK_PURPOSE, `${id}_${sequence}`);

export const linkUrl = (token: string) => `${ORIGIN()}/counseling/link/${token}`;
const portalUrl = () => `${ORIGIN()}/counseling`;
const bookAgainUrl = () => `${ORIGIN()}/wellbeing/book`;

/**
 * The invites name the portal as organizer and each copy only its own recipient as attendee: a
 * calendar app's reply then reaches nobody personally, and an alias stays an alias.
 */
const ORGANIZER = { name: '网格通 · 心灵驿站', email: `counseling@${MAIL_DOMAIN}` };

const timeOnly = (locale: Locale, d: Date) =>
  new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

const where = (locale: Locale, b: Pick<BookingFacts, 'mode' | 'place'>) => translate(locale, `counseling.where.${b.mode}`, { place: b.place });

/**
 * Queues the mails about one booking event, in the caller's transaction: the worker's (with the
 * signed link) and the counselor's (no name, no note: mail passes through other servers). Both carry
 * an invite with the booking's UID and SEQUENCE: REQUEST to add or update, CANCEL to remove. Both
 * are private to their recipient: section E, HR and admins see none of counseling, not even in the
 * demo mailbox.
 */
export async function queueBookingMails(db: Db, kind: BookingMailKind, b: BookingFacts, previousStart?: Date, reason = ''): Promise<void> {
  const cancelled = kind === 'cancelled' || kind === 'counselorCancelled';
  const method = cancelled ? 'CANCEL' : 'REQUEST';
  const token = cancelled ? undefined : await bookingToken(db, b.id, b.sequence);
  const link = token ? linkUrl(token) : portalUrl();
  const hours = await minNotice(db, b);

  if (b.workerEmail) {
    const l = b.workerLocale;
    const params = {
      name: b.workerName, counselor: b.counselorName, when: formatDateTime(l, b.startsAt), end: timeOnly(l, b.endsAt), where: where(l, b),
      old: previousStart ? formatDateTime(l, previousStart) : '', hours, link, portal: portalUrl(), reason, bookAgain: bookAgainUrl()
    };
    await enqueueMail(db, {
      to: b.workerEmail,
      privateToRecipient: true,
      subject: translate(l, `counseling.mail.${kind}.subject`, params),
      text: translate(l, `counseling.mail.${kind}.body`, params) + translate(l, 'counseling.mail.footer'),
      invite: { method, ics: invite(b, method, l, 'counseling.ics.summary.worker', 'counseling.ics.description.worker', { counselor: b.counselorName, link }, { name: b.workerName, email: b.workerEmail }) }
    });
  }
  if (b.counselorEmail) {
    const l = b.counselorLocale;
    const params = {
      name: b.counselorName, when: formatDateTime(l, b.startsAt), end: timeOnly(l, b.endsAt), where: where(l, b),
      old: previousStart ? formatDateTime(l, previousStart) : '', portal: portalUrl()
    };
    await enqueueMail(db, {
      to: b.counselorEmail,
      privateToRecipient: true,
      subject: translate(l, `counseling.mail.counselor.${kind}.subject`, params),
      text: translate(l, `counseling.mail.counselor.${kind}.body`, params),
      invite: { method, ics: invite(b, method, l, 'counseling.ics.summary.counselor', 'counseling.ics.description.counselor', { portal: portalUrl() }, { name: b.counselorName, email: b.counselorEmail }) }
    });
  }
}

function invite(
  b: BookingFacts,
  method: 'REQUEST' | 'CANCEL',
  locale: Locale,
  summary: MessageKey,
  description: MessageKey,
  params: Record<string, string>,
  attendee: { name: string; email: string }
): string {
  const title = translate(locale, summary, params);
  return toIcs(title, [{
    uid: bookingUid(b.id),
    start: b.startsAt,
    end: b.endsAt,
    summary: title,
    description: translate(locale, description, params),
    location: where(locale, b),
    status: method === 'CANCEL' ? 'cancelled' : 'confirmed',
    sequence: b.sequence,
    organizer: ORGANIZER,
    attendees: [attendee]
  }], method === 'CANCEL' ? 'cancel' : 'request');
}

async function minNotice(db: Db, b: BookingFacts): Promise<number> {
  const s = await db.selectFrom('counselingSettings').select('minNoticeHours').where('counselorId', '=', b.counselorId).executeTakeFirst();
  return s?.minNoticeHours ?? 0;
}
