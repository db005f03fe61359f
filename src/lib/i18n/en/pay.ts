import type { pay as source } from '../zh-CN/pay';

export const pay: Record<keyof typeof source, string> = {
  'pay.status.draft': 'Draft',
  'pay.status.reviewed': 'Reviewed',
  'pay.status.approved': 'Approved',
  'pay.status.locked': 'Locked',
  'pay.status.paid': 'Paid',
  'pay.missing.rating': 'a rating for the month',
  'pay.missing.structure': 'a salary structure in force',
  'pay.mail.paid.subject': 'Your pay for {month} has been paid',
  'pay.mail.paid.body': 'Dear {name},\n\nYour pay for {month} has been paid: {net} yuan net.\nYour payslip: {link}\n\nGridCall'
};
