import type { career as source } from '../zh-CN/career';

export const career: Record<keyof typeof source, string> = {
  'career.result.excellent': 'Excellent',
  'career.result.qualified': 'Qualified',
  'career.result.basic': 'Basically qualified',
  'career.result.unqualified': 'Unqualified',
  'career.cond.streakMet': '{years} consecutive years rated {result} ({from}–{to})',
  'career.cond.streakMissing': 'Needs {years} consecutive years rated {result}; has {have}, {missing} more to go',
  'career.cond.educationMet': 'Education {level} or higher (own: {own})',
  'career.cond.educationMissing': 'Needs education {level} or higher (own: {own})',
  'career.cond.educationUnknown': 'not recorded',
  'career.cond.certificateMet': 'Holds a verified {name}',
  'career.cond.certificateMissing': 'Needs a verified, valid {name}',
  'career.cond.serviceMet': 'At least {years} years of service (own: {own})',
  'career.cond.serviceMissing': 'Needs {years} years of service; {missing} more to go',
  'career.eligible': 'Eligible: may {target}',
  'career.notEligible': 'Not yet eligible: {target}',
  'career.quotaWarning': '{unit} has rated {excellent} workers Excellent for {year}, {percent}%, above the {quota}% quota.',
  'career.mail.expiry.subject': 'Your {name} certificate expires on {date}',
  'career.mail.expiry.body': 'Dear {name},\n\nYour {certificate} (no. {number}) expires on {date}. Please renew it and upload the new certificate to GridCall so your certificate allowance continues.\n\nGridCall',
  'career.promotion.nominated': 'Nominated',
  'career.promotion.reviewed': 'Reviewed',
  'career.promotion.approved': 'Approved',
  'career.promotion.rejected': 'Rejected'
};
