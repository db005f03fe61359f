/**
 * What of an entry's detail the audit view shows, per action. The view says who did what to which
 * record; the record's contents stay with the record, for those who may open it. So no amounts,
 * award titles, pay lines, appraisal results or anything of wellbeing and counseling — also not
 * from entries written before they were kept out (the log is append-only, so it is filtered here).
 * An action missing from the table shows no detail at all.
 */
const SHOWN: Record<string, readonly string[]> = {
  'org.create': ['name', 'level'],
  'org.rename': ['from', 'to'],
  'org.remove': ['name', 'level'],
  'role.grant': ['role', 'unit'],
  'role.revoke': ['role', 'unit'],
  'user.password_set': ['purpose'],
  'theme.create': ['name'],
  'theme.update': ['name'],
  'theme.remove': ['name'],
  'event.create': ['title'],
  'event.addBooth': ['booth'],
  'event.removeBooth': ['booth'],
  'callout.manual_check_in': ['reason', 'checkedInAt', 'checkedOutAt'],
  'worker.create': ['grid'],
  // The names of the fields that changed, never their values.
  'worker.update': ['changed'],
  'worker.import': ['fileName', 'count'],
  'volunteer.import': ['fileName', 'count'],
  'pay.run.create': ['month'],
  'pay.run.compute': ['payslips'],
  'pay.run.reviewed': ['month'],
  'pay.run.approved': ['month'],
  'pay.run.locked': ['month'],
  'pay.run.paid': ['month'],
  'pay.run.draft': ['month'],
  'pay.run.export': ['format', 'month', 'status', 'payslips'],
  'pay.structure.save': ['effectiveFrom'],
  'pay.ratings.save': ['month'],
  'pay.adjustment.add': ['month'],
  'career.appraisal.save': ['year'],
  'career.honour.award': ['typeCode', 'year'],
  'career.figures.export': ['year']
};

export function shownDetail(action: string, detail: unknown): Record<string, unknown> {
  const keys = SHOWN[action] ?? [];
  const stored = detail && typeof detail === 'object' ? (detail as Record<string, unknown>) : {};
  return Object.fromEntries(keys.filter((k) => k in stored).map((k) => [k, stored[k]]));
}
