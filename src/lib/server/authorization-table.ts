/**
 * Who may call each tRPC procedure, written down from /work/shared/DESIGN.md ("People, roles, scope"
 * and the section of each domain) — never read back from the procedures' own declared access.
 * authorization.test.ts calls every procedure as every caller and compares the answer with this table.
 *
 * Habits of the table:
 * - A unit (the org tree is public) out of reach is FORBIDDEN; a record out of reach is NOT_FOUND,
 *   the same answer as for an id that does not exist.
 * - "hidden": the caller's own thing (their sign-up, their booking); anything else answers exactly as
 *   a made-up id would, whatever that answer is.
 */
import type { Role } from '$lib/types';

/** A role as the matrix holds it: 'admin' is a district's admin (城东区), 'cityAdmin' the whole city's (某市). */
export type Caller = Role | 'cityAdmin';
export const CALLERS: readonly Caller[] = ['volunteer', 'grid_worker', 'hr', 'counselor', 'admin', 'cityAdmin'];

export interface Rule {
  /** Who gets past the guard: everyone (signed out too), anyone signed in, or these callers. */
  allow: 'everyone' | 'signedIn' | readonly Caller[];
  /** How the signed-in callers left out are refused: FORBIDDEN, unless the thing is only ever someone's own (NOT_FOUND). */
  refused?: 'NOT_FOUND';
  /** How an allowed caller is answered about a thing out of reach; absent where reach does not apply. */
  outside?: 'FORBIDDEN' | 'NOT_FOUND' | 'hidden';
  /** The thing out of reach is another person's own: not even a city admin reaches it. */
  personal?: true;
}

const ADMINS: Caller[] = ['admin', 'cityAdmin'];
/** DESIGN A: grid workers post and run callouts in their grid; admins above it run those of their events' booths. */
const CALLOUT_RUNNERS: Caller[] = ['grid_worker', ...ADMINS];
const VOLUNTEER: Caller[] = ['volunteer'];
const HR: Caller[] = ['hr'];
const GRID_WORKER: Caller[] = ['grid_worker'];
const COUNSELOR: Caller[] = ['counselor'];

export const PROCEDURE_ACCESS: Record<string, Rule> = {
  // Signing in and out: the portal's front door. A reset or invite link is a credential of its own.
  'auth.register': { allow: 'everyone' },
  'auth.login': { allow: 'everyone' },
  'auth.logout': { allow: 'signedIn' },
  'auth.me': { allow: 'signedIn' },
  'auth.changePassword': { allow: 'signedIn' },
  'auth.setLocale': { allow: 'everyone' },
  'auth.requestPasswordReset': { allow: 'everyone' },
  'auth.setPasswordWithLink': { allow: 'everyone' },

  // "admin — manages org units, accounts … in scope". The tree itself is public: a volunteer picks
  // a home community before having an account.
  'org.tree': { allow: 'everyone' },
  'org.adminTree': { allow: ADMINS },
  'org.create': { allow: ADMINS, outside: 'FORBIDDEN' },
  'org.rename': { allow: ADMINS, outside: 'FORBIDDEN' },
  'org.remove': { allow: ADMINS, outside: 'FORBIDDEN' },
  'account.list': { allow: ADMINS },
  // Finding a person by phone or e-mail to grant them a role (see KNOWN_GAPS).
  'account.lookup': { allow: ADMINS, outside: 'NOT_FOUND' },
  'account.createStaff': { allow: ADMINS, outside: 'FORBIDDEN' },
  'account.grantRole': { allow: ADMINS, outside: 'FORBIDDEN' },
  'account.revokeRole': { allow: ADMINS, outside: 'NOT_FOUND' },
  // HR makes the accounts of the workers it keeps (DESIGN C/D), admins those of their units.
  'account.sendPasswordInvite': { allow: ['hr', ...ADMINS], outside: 'NOT_FOUND' },
  'profile.get': { allow: 'signedIn' },
  'profile.update': { allow: 'signedIn' },
  // The demo mailbox holds everyone's mail: admins of the whole city only, and never mail private to someone else.
  'mailbox.list': { allow: ['cityAdmin'] },
  'mailbox.get': { allow: ['cityAdmin'], outside: 'NOT_FOUND', personal: true },
  // "Audit log of sensitive actions": the admins over the units they happened in.
  'audit.list': { allow: ADMINS },

  // A. Callouts. Volunteers, grid workers, admins and HR (who appraises grid workers) read them in reach.
  'callout.create': { allow: CALLOUT_RUNNERS, outside: 'FORBIDDEN' },
  'callout.update': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.publish': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.cancel': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.get': { allow: ['volunteer', 'grid_worker', 'hr', ...ADMINS], outside: 'NOT_FOUND' },
  'callout.list': { allow: ['volunteer', 'grid_worker', 'hr', ...ADMINS] },
  'callout.roster': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.signUp': { allow: VOLUNTEER, outside: 'NOT_FOUND' },
  'callout.cancelSignUp': { allow: VOLUNTEER, outside: 'NOT_FOUND', personal: true },
  'callout.siteCode': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.checkIn': { allow: VOLUNTEER, outside: 'hidden', personal: true },
  'callout.checkOut': { allow: VOLUNTEER, outside: 'hidden', personal: true },
  'callout.manualCheckIn': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.confirmHours': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.myHours': { allow: VOLUNTEER },
  'callout.complete': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'callout.rate': { allow: VOLUNTEER, outside: 'hidden', personal: true },
  // Response times against the 24 h / 2 h targets: the grid worker's own, admins' "dashboards in scope", HR's appraisals.
  'callout.dashboard': { allow: ['grid_worker', 'hr', ...ADMINS] },
  // The negative list (source 3.1) is the city's: district admins read it, only city admins change it.
  'callout.negativeTerms': { allow: ADMINS },
  'callout.addNegativeTerm': { allow: ['cityAdmin'] },
  'callout.removeNegativeTerm': { allow: ['cityAdmin'] },

  // Teams are volunteers' ("volunteer — … joins teams"); the leader acts for the team.
  'team.create': { allow: VOLUNTEER },
  'team.mine': { allow: VOLUNTEER },
  'team.addMember': { allow: VOLUNTEER, outside: 'NOT_FOUND', personal: true },
  'team.removeMember': { allow: VOLUNTEER, outside: 'NOT_FOUND', personal: true },
  'team.withdrawInvitation': { allow: VOLUNTEER, outside: 'NOT_FOUND', personal: true },
  // Anyone signed in asks for their own invitations; only volunteers ever hold one, so to others any is NOT_FOUND.
  'team.invitations': { allow: 'signedIn' },
  'team.answerInvitation': { allow: VOLUNTEER, refused: 'NOT_FOUND', outside: 'NOT_FOUND', personal: true },
  'team.calloutPlaces': { allow: VOLUNTEER, outside: 'NOT_FOUND' },
  'team.signUpMembers': { allow: VOLUNTEER, outside: 'NOT_FOUND', personal: true },
  // The certificate of service hours is the volunteer's; anyone holding its code may check it.
  'certificate.issue': { allow: VOLUNTEER },
  'certificate.mine': { allow: VOLUNTEER },
  'certificate.verify': { allow: 'everyone' },

  // B. Themes and events: "editable by admins", on everyone's calendar.
  'theme.list': { allow: 'signedIn' },
  'theme.create': { allow: ADMINS, outside: 'FORBIDDEN' },
  'theme.update': { allow: ADMINS, outside: 'NOT_FOUND' },
  'theme.remove': { allow: ADMINS, outside: 'NOT_FOUND' },
  'event.get': { allow: 'signedIn', outside: 'NOT_FOUND' },
  'event.managed': { allow: ADMINS },
  'event.create': { allow: ADMINS, outside: 'FORBIDDEN' },
  'event.update': { allow: ADMINS, outside: 'NOT_FOUND' },
  'event.cancel': { allow: ADMINS, outside: 'NOT_FOUND' },
  'event.addBooth': { allow: ADMINS, outside: 'NOT_FOUND' },
  'event.removeBooth': { allow: ADMINS, outside: 'NOT_FOUND' },
  // "a booth can be staffed by a callout created from it": by those who post callouts.
  'event.boothDraft': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'event.staffBooth': { allow: CALLOUT_RUNNERS, outside: 'NOT_FOUND' },
  'calendar.range': { allow: 'signedIn' },
  'calendar.feed': { allow: 'signedIn' },
  'calendar.regenerateFeed': { allow: 'signedIn' },

  // C and D. "hr — manages worker records, pay, appraisals, certificates, promotions, honours in scope".
  'worker.list': { allow: HR },
  'worker.get': { allow: HR, outside: 'NOT_FOUND' },
  'worker.save': { allow: HR, outside: 'FORBIDDEN' },
  'worker.import': { allow: HR },
  'pay.structure.save': { allow: HR, outside: 'FORBIDDEN' },
  'pay.structure.list': { allow: HR, outside: 'FORBIDDEN' },
  'pay.inputs.month': { allow: HR, outside: 'FORBIDDEN' },
  'pay.inputs.saveRatings': { allow: HR, outside: 'NOT_FOUND' },
  'pay.inputs.addOvertime': { allow: HR, outside: 'NOT_FOUND' },
  'pay.inputs.addDeduction': { allow: HR, outside: 'NOT_FOUND' },
  'pay.inputs.addAdjustment': { allow: HR, outside: 'NOT_FOUND' },
  'pay.award.add': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.list': { allow: HR },
  'pay.run.get': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.create': { allow: HR, outside: 'FORBIDDEN' },
  'pay.run.compute': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.review': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.reopen': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.approve': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.lock': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.markPaid': { allow: HR, outside: 'NOT_FOUND' },
  'pay.run.export': { allow: HR, outside: 'NOT_FOUND' },
  // "Payslips: itemised, visible to the worker" — also after leaving, so anyone signed in asks for their own.
  'pay.payslip.mine': { allow: 'signedIn' },
  'pay.payslip.get': { allow: ['grid_worker', 'hr'], refused: 'NOT_FOUND', outside: 'NOT_FOUND' },
  'career.appraisal.save': { allow: HR, outside: 'NOT_FOUND' },
  'career.appraisal.forUnit': { allow: HR, outside: 'FORBIDDEN' },
  // A grid worker adds their own certificates; HR verifies them.
  'career.certificate.add': { allow: ['grid_worker', 'hr'], outside: 'NOT_FOUND' },
  'career.certificate.verify': { allow: HR, outside: 'NOT_FOUND' },
  'career.certificate.pending': { allow: HR },
  // "grid_worker — sees own pay, appraisals, certificates, eligibility".
  'career.eligibility.mine': { allow: GRID_WORKER },
  'career.eligibility.forWorker': { allow: HR, outside: 'NOT_FOUND' },
  'career.eligibility.forUnit': { allow: HR, outside: 'FORBIDDEN' },
  'career.record': { allow: ['grid_worker', 'hr'], outside: 'NOT_FOUND' },
  'career.promotion.nominate': { allow: HR, outside: 'NOT_FOUND' },
  'career.promotion.decide': { allow: HR, outside: 'NOT_FOUND' },
  'career.promotion.list': { allow: HR },
  'career.honour.award': { allow: HR, outside: 'NOT_FOUND' },
  // The honour roll (光荣榜) is for everyone to see.
  'career.honour.roll': { allow: 'everyone' },
  // Workforce figures: HR's, and the admins' "dashboards in scope".
  'career.figures': { allow: ['hr', ...ADMINS], outside: 'FORBIDDEN' },
  'career.types': { allow: 'signedIn' },

  // E. Wellbeing: the grid worker's own anonymous check-in; aggregates of 5 or more for admins and
  // counselors; "HR never sees check-ins or counseling bookings".
  'wellbeing.checkIn.submit': { allow: GRID_WORKER },
  'wellbeing.checkIn.status': { allow: GRID_WORKER },
  'wellbeing.aggregates': { allow: ['counselor', ...ADMINS], outside: 'FORBIDDEN' },
  // "counselor — manages own office hours and bookings"; grid workers book, cancel and reschedule their own.
  'counseling.hours.get': { allow: COUNSELOR },
  'counseling.hours.save': { allow: COUNSELOR },
  'counseling.slots': { allow: ['grid_worker', 'counselor'], outside: 'NOT_FOUND' },
  'counseling.book': { allow: GRID_WORKER, outside: 'NOT_FOUND' },
  'counseling.cancel': { allow: GRID_WORKER, outside: 'NOT_FOUND', personal: true },
  'counseling.reschedule': { allow: GRID_WORKER, outside: 'NOT_FOUND', personal: true },
  'counseling.mine': { allow: ['grid_worker', 'counselor'] },
  'counseling.mark': { allow: COUNSELOR, outside: 'NOT_FOUND', personal: true },
  'counseling.cancelByCounselor': { allow: COUNSELOR, outside: 'NOT_FOUND', personal: true },
  // "HR and admins see none of it" (see KNOWN_GAPS): the station's own counselors, over their units.
  'counseling.monthlyTotals': { allow: COUNSELOR, outside: 'FORBIDDEN' },
  // The link in the worker's mail opens their booking once they sign in as that worker; to anyone else it does not exist.
  'counseling.byLink.get': { allow: GRID_WORKER, refused: 'NOT_FOUND', outside: 'NOT_FOUND', personal: true },
  'counseling.byLink.slots': { allow: GRID_WORKER, refused: 'NOT_FOUND', outside: 'NOT_FOUND', personal: true },
  'counseling.byLink.cancel': { allow: GRID_WORKER, refused: 'NOT_FOUND', outside: 'NOT_FOUND', personal: true },
  'counseling.byLink.reschedule': { allow: GRID_WORKER, refused: 'NOT_FOUND', outside: 'NOT_FOUND', personal: true }
};

/** What a caller should meet, in and out of reach; 'ok' is past the guard (the call may still fail on its input). */
export type Expected = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'hidden';

export function expectedOutcome(rule: Rule, caller: Caller | 'anonymous', scope: 'in' | 'out'): Expected {
  if (caller === 'anonymous') return rule.allow === 'everyone' ? 'ok' : 'UNAUTHORIZED';
  const allowed = rule.allow === 'everyone' || rule.allow === 'signedIn' || rule.allow.includes(caller);
  if (!allowed) return rule.refused ?? 'FORBIDDEN';
  // The whole city is in a city admin's reach; another person's own thing is not.
  const reaches = scope === 'in' || (caller === 'cityAdmin' && !rule.personal);
  return reaches || !rule.outside ? 'ok' : rule.outside;
}

/**
 * Where the portal answers otherwise than the table today. Each is held at today's answer so that the
 * matrix still catches any other change, and fails once the gap is closed (then delete the line).
 */
export interface Gap {
  procedure: string;
  caller: Caller | 'anonymous';
  scope: 'in' | 'out' | 'forged';
  /** What the portal answers today. */
  today: string;
  why: string;
}
const existenceShown = 'a record out of reach answers FORBIDDEN, a made-up id NOT_FOUND: the answer tells that it exists';
export const KNOWN_GAPS: Gap[] = [
  { procedure: 'account.lookup', caller: 'admin', scope: 'out', today: 'ok', why: 'a district admin gets the id and name of anyone in the city from their phone number or e-mail' },
  { procedure: 'account.revokeRole', caller: 'admin', scope: 'out', today: 'FORBIDDEN', why: existenceShown },
  { procedure: 'theme.update', caller: 'admin', scope: 'out', today: 'FORBIDDEN', why: existenceShown },
  { procedure: 'theme.remove', caller: 'admin', scope: 'out', today: 'FORBIDDEN', why: existenceShown },
  { procedure: 'team.addMember', caller: 'volunteer', scope: 'out', today: 'FORBIDDEN', why: `another leader's team: ${existenceShown}` },
  { procedure: 'team.removeMember', caller: 'volunteer', scope: 'out', today: 'FORBIDDEN', why: `another leader's team: ${existenceShown}` },
  { procedure: 'team.signUpMembers', caller: 'volunteer', scope: 'out', today: 'FORBIDDEN', why: `a callout reserving places for another team: ${existenceShown}` },
  // DESIGN E: "HR and admins see none of it". The totals are counts with small months suppressed; either
  // the design allows admins these counts, or the procedure stops offering them.
  { procedure: 'counseling.monthlyTotals', caller: 'admin', scope: 'in', today: 'ok', why: 'admins read counseling totals' },
  { procedure: 'counseling.monthlyTotals', caller: 'cityAdmin', scope: 'in', today: 'ok', why: 'admins read counseling totals' },
  { procedure: 'counseling.monthlyTotals', caller: 'cityAdmin', scope: 'out', today: 'ok', why: 'admins read counseling totals' }
];
