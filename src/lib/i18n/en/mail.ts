import type { mail as source } from '../zh-CN/mail';

export const mail: Record<keyof typeof source, string> = {
  'mail.welcome.subject': 'Welcome to GridCall',
  'mail.welcome.body': 'Hello {name},\n\nYou are now registered as a GridCall volunteer. Log in to see the callouts in your community and sign up.\n\nGridCall',
  'mail.staff.subject': 'Your GridCall account is ready',
  'mail.staff.body': 'Hello {name},\n\nAn administrator has opened a GridCall account for you ({role}). Log in with your mobile number or e-mail and the initial password, then change your password.\n\nGridCall',
  'mail.promoted.subject': 'You are in: {title}',
  'mail.promoted.body': 'Hello {name},\n\nA volunteer cancelled, so you have moved from the waiting list to a confirmed place at "{title}".\nWhen: {when}\nWhere: {place}\n\nIf you cannot come, please cancel in GridCall.\n\nGridCall',
  'mail.calloutCancelled.subject': 'Cancelled: {title}',
  'mail.calloutCancelled.body': 'Hello {name},\n\nSorry: "{title}" on {when} has been called off; there is no need to come. Thank you for your support!\n\nGridCall',
  'mail.unsubscribe': '\n\n--\nNo more callout mail? Unsubscribe: {url}',
  'mail.urgent.subject': '[Urgent] {title}',
  'mail.urgent.body': 'Hello {name},\n\nAn urgent callout in your community needs people within 2 hours:\n"{title}"\nWhen: {when}\nWhere: {place}\n\nSign up: {url}\n\nGridCall',
  'mail.digest.subject': '{count} new callouts in your community',
  'mail.digest.body': 'Hello {name},\n\nThese callouts are looking for volunteers:\n\n{items}\n\nGridCall',
  'mail.digest.item': '· {title} ({when}, {place})\n  {url}',
  'mail.reminder.subject': 'Tomorrow: {title}',
  'mail.reminder.body': 'Hello {name},\n\nA reminder that you are signed up for "{title}".\nWhen: {when}\nWhere: {place}\nOn site, scan the QR code or type the code to check in.\nDetails: {url}\n\nGridCall',
  'mail.passwordInvite.subject': 'Set your GridCall password',
  'mail.passwordInvite.body': 'Hello {name},\n\nYour GridCall account is ready. Open the link below to set your password; then log in with your mobile number or e-mail:\n{url}\n\nThe link works for 7 days and only once. If this is not your account, ignore this mail.\n\nGridCall',
  'mail.passwordReset.subject': 'Reset your GridCall password',
  'mail.passwordReset.body': 'Hello {name},\n\nSomeone (probably you) asked to reset your GridCall password. Open the link below to set a new one:\n{url}\n\nThe link works for 1 hour and only once. If it was not you, ignore this mail; your password stays as it is.\n\nGridCall'
};
