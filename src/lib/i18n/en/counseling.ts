import type { counseling as source } from '../zh-CN/counseling';

export const counseling: Record<keyof typeof source, string> = {
  'counseling.mode.place': 'In person',
  'counseling.mode.online': 'Online',
  'counseling.where.place': '{place}',
  'counseling.where.online': 'Online ({place})',
  'counseling.validation.time': 'Enter a valid time, such as 14:00',
  'counseling.validation.window': 'The end must be after the start and leave room for at least one session',
  'counseling.validation.overlap': 'Overlaps other open hours on the same day',
  'counseling.validation.offTwice': 'A day can be marked off only once',
  'counseling.validation.slotMinutes': 'A session lasts 15 to 180 minutes',
  'counseling.validation.bufferMinutes': 'The break between sessions is 0 to 60 minutes',
  'counseling.validation.notice': 'Minimum notice is 0 to 336 hours',
  'counseling.validation.horizon': 'The booking horizon is 1 to 90 days',
  'counseling.validation.reason': 'The reason must be 2–200 characters',
  'counseling.validation.year': 'Choose a year between 2000 and 2199',
  'counseling.validation.range': 'Invalid range: the end must be after the start, and at most 8 weeks at a time',
  'counseling.ics.summary.worker': 'Counseling session ({counselor})',
  'counseling.ics.summary.counselor': 'Counseling session',
  'counseling.ics.description.worker': 'Counseling at the wellbeing station. Change or cancel: {link}\nNational mental-health hotline: 12356',
  'counseling.ics.description.counselor': 'Sign in to GridCall for the booking’s details and note: {portal}',
  'counseling.mail.footer': '\n\nIf you need help urgently, call the national mental-health hotline 12356.\n\nGridCall · Wellbeing station',
  'counseling.mail.booked.subject': 'Counseling session booked: {when}',
  'counseling.mail.booked.body':
    'Dear {name},\n\nYour counseling session is booked.\nCounselor: {counselor}\nTime: {when}–{end}\nWhere: {where}\n\nThe calendar invite attached adds it to your phone’s calendar.\nTo change or cancel it, up to {hours} hours before the start, open:\n{link}\nOr sign in to GridCall and open Counseling: {portal}',
  'counseling.mail.changed.subject': 'Counseling session moved: {when}',
  'counseling.mail.changed.body':
    'Dear {name},\n\nYour counseling session has moved.\nCounselor: {counselor}\nTime: {when}–{end} (was {old})\nWhere: {where}\n\nLinks in earlier e-mails no longer work. To change or cancel again, up to {hours} hours before the start, open:\n{link}',
  'counseling.mail.cancelled.subject': 'Counseling session cancelled: {when}',
  'counseling.mail.cancelled.body': 'Dear {name},\n\nYour counseling session with {counselor} on {when} is cancelled.\nYou are welcome to book again whenever you need: {portal}',
  'counseling.mail.counselorCancelled.subject': 'Counseling session cancelled by the counselor: {when}',
  'counseling.mail.counselorCancelled.body':
    'Dear {name},\n\nWe are sorry: your counseling session with {counselor} on {when} has been cancelled by the counselor.\nReason: {reason}\n\nYou are welcome to book another time: {bookAgain}',
  'counseling.mail.counselor.counselorCancelled.subject': 'You cancelled a session: {when}',
  'counseling.mail.counselor.counselorCancelled.body': 'Dear {name},\n\nYou cancelled the session booked for {when}. The person who booked it has been told, with your reason; the time is open again.\nSign in to GridCall for details: {portal}\n\nGridCall · Wellbeing station',
  'counseling.mail.reminder.subject': 'Reminder: counseling session {when}',
  'counseling.mail.reminder.body':
    'Dear {name},\n\nA reminder of your counseling session.\nCounselor: {counselor}\nTime: {when}–{end}\nWhere: {where}\n\nTo change or cancel: {link}',
  'counseling.mail.counselor.booked.subject': 'New counseling booking: {when}',
  'counseling.mail.counselor.booked.body': 'Dear {name},\n\nA grid worker has booked a session {when}–{end} ({where}).\nTo protect their privacy this e-mail holds no name or note; sign in to GridCall to see them: {portal}\n\nGridCall · Wellbeing station',
  'counseling.mail.counselor.changed.subject': 'Counseling booking moved: {when}',
  'counseling.mail.counselor.changed.body': 'Dear {name},\n\nA session booked for {old} has moved to {when}–{end} ({where}).\nSign in to GridCall for details: {portal}\n\nGridCall · Wellbeing station',
  'counseling.mail.counselor.cancelled.subject': 'Counseling booking cancelled: {when}',
  'counseling.mail.counselor.cancelled.body': 'Dear {name},\n\nThe session booked for {when} has been cancelled by the person who booked it; the time is open again.\nSign in to GridCall for details: {portal}\n\nGridCall · Wellbeing station',
  'counseling.mail.counselor.reminder.subject': 'Reminder: counseling session {when}',
  'counseling.mail.counselor.reminder.body': 'Dear {name},\n\nA reminder: you have a session {when}–{end} ({where}).\nSign in to GridCall for details: {portal}\n\nGridCall · Wellbeing station'
};
