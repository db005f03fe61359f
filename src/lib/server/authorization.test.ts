import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Role } from '$lib/types';
import type { Actor } from './auth/actor';
import type { Access } from './trpc';
import { appRouter } from './router';
import { callerFor, failureOf, makeUser } from './testing/factories';
import { openCallout } from './testing/callouts';
import { issueCertificate } from './certificate/service';
import { MANY_SLOTS, bookFree, startedBooking } from './counseling/testing';
import { useMatrixWorld, type Scope } from './testing/matrix-world';

/**
 * Every procedure of the router × every role × a unit inside and outside the caller's reach.
 * A procedure added without an entry here fails the first test.
 */
const {
  db, unit, actors, posters, team, target, gridOf, phone, freshUnitUnder, neighbourToAdd,
  openIn, draftIn, signupIn, calloutFields, themeIn, eventFields, eventIn, boothIn,
  freshMonth, workerIn, runIn, lockedSlipIn, certificateIn, promotionIn, structureFor,
  counselorOf, slotRange, freeStart, ownBooking, linkToken
} = useMatrixWorld();

interface Case {
  /** Builds the input that touches a unit in or out of the caller's scope. */
  input?: (scope: Scope) => Promise<unknown> | unknown;
  /** Whether the unit touched matters (then out-of-scope must be refused even for the right role). */
  scoped?: boolean;
  /** How out-of-scope is refused: FORBIDDEN, or NOT_FOUND where even existence is not revealed. */
  outside?: 'FORBIDDEN' | 'NOT_FOUND';
  /** City-wide data: only admins of a whole city; the district admin here is refused. */
  cityOnly?: boolean;
  /** Open to anyone signed in, but only these roles' actors have such a thing (their own, or in their care); to others it does not exist. */
  seenBy?: Role[];
}

const CASES: Record<string, Case> = {
  'auth.register': { input: () => ({ name: '新人', phone: phone(), password: 'abc12345', homeCommunityId: unit('湖滨社区').id }) },
  'auth.login': { input: () => ({ identifier: '13000000000', password: 'nope12345' }) },
  'auth.logout': {},
  'auth.me': {},
  'auth.changePassword': { input: () => ({ currentPassword: 'wrong', newPassword: 'abc12345' }) },
  'auth.setLocale': { input: () => 'zh-CN' },
  'auth.requestPasswordReset': { input: () => ({ identifier: phone() }) },
  // The mailed token is the credential: anyone holding one may use it (this one is no link at all).
  'auth.setPasswordWithLink': { input: () => ({ token: 'not-a-link', password: 'abc12345' }) },
  'org.tree': {},
  'org.adminTree': {},
  'org.create': { scoped: true, input: (s) => ({ parentId: target(s).id, name: `新网格${randomUUID().slice(0, 6)}` }) },
  'org.rename': { scoped: true, input: async (s) => ({ id: await freshUnitUnder(s), name: `改名${randomUUID().slice(0, 6)}` }) },
  'org.remove': { scoped: true, input: async (s) => ({ id: await freshUnitUnder(s) }) },
  'account.list': { input: () => ({}) },
  'account.lookup': { input: () => ({ identifier: '13800000005' }) },
  'account.createStaff': { scoped: true, input: (s) => ({ name: '新员工', phone: phone(), password: 'abc12345', role: 'hr', orgUnitId: target(s).id }) },
  // In scope, an account HR made (no password yet) working in the scope's grid.
  'account.sendPasswordInvite': {
    scoped: true, outside: 'NOT_FOUND',
    input: async (s) => {
      const userId = await workerIn(s);
      await db().updateTable('appUser').set({ passwordHash: '!no-password' }).where('id', '=', userId).execute();
      return { userId };
    }
  },
  'account.grantRole': {
    scoped: true,
    input: async (s) => ({ userId: (await makeUser(db(), null, null)).userId, role: 'hr', orgUnitId: target(s).id })
  },
  'account.revokeRole': {
    scoped: true,
    input: async (s) => {
      const person = await makeUser(db(), 'volunteer', target(s));
      return { membershipId: person.memberships[0]!.id };
    }
  },
  'profile.get': {},
  'profile.update': { input: () => ({ name: '改名', homeCommunityId: null, skills: [], education: null, locale: 'zh-CN' }) },
  'mailbox.list': { cityOnly: true, input: () => ({}) },
  'mailbox.get': { cityOnly: true, input: () => ({ id: randomUUID() }) },
  'audit.list': { input: () => ({}) },
  'callout.create': { scoped: true, input: calloutFields },
  'callout.publish': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await draftIn(s) }) },
  'callout.get': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await openIn(s) }) },
  'callout.list': { input: () => ({}) },
  'callout.roster': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await openIn(s) }) },
  'callout.signUp': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await openIn(s) }) },
  // Cancels the caller's own sign-up: nothing of anyone else's is reachable, in scope or out.
  'callout.cancelSignUp': { input: async (s) => ({ calloutId: await openIn(s) }) },
  'callout.checkIn': { input: async (s) => ({ calloutId: await openIn(s), code: '000000' }) },
  'callout.checkOut': { input: async (s) => ({ calloutId: await openIn(s), code: '000000' }) },
  'callout.rate': { input: async (s) => ({ calloutId: await openIn(s), stars: 5 }) },
  'callout.myHours': {},
  'callout.siteCode': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await openIn(s) }) },
  'callout.complete': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await openIn(s), result: '已完成' }) },
  'callout.manualCheckIn': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ signupId: await signupIn(s), reason: '现场核对' }) },
  'callout.confirmHours': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ signupId: await signupIn(s) }) },
  'callout.update': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await draftIn(s), fields: await calloutFields(s) }) },
  'callout.cancel': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ calloutId: await openIn(s) }) },
  'callout.dashboard': { input: () => ({}) },
  'callout.negativeTerms': {},
  'callout.addNegativeTerm': { cityOnly: true, input: () => ({ rule: 'demolition', term: `拆${randomUUID().slice(0, 4)}` }) },
  'callout.removeNegativeTerm': { cityOnly: true, input: () => ({ id: randomUUID() }) },
  // The caller's own team (the volunteer here leads 矩阵服务队): nothing of another unit is touched.
  'team.create': { input: () => ({ name: `队${randomUUID().slice(0, 6)}` }) },
  'team.mine': {},
  'team.addMember': { input: () => neighbourToAdd() },
  'team.removeMember': { input: () => ({ teamId: team().id, userId: randomUUID() }) },
  // In scope: a callout holding places for the caller's team; out of scope it does not exist for them.
  'team.calloutPlaces': {
    scoped: true, outside: 'NOT_FOUND',
    input: async (s) => ({ calloutId: s === 'in' ? await openCallout(db(), posters.in, gridOf('in'), { teamId: team().id, teamSlots: 1 }) : await openIn('out') })
  },
  'team.signUpMembers': { input: async () => ({ calloutId: await openCallout(db(), posters.in, gridOf('in'), { teamId: team().id, teamSlots: 1, teamReleaseAt: new Date(Date.now() + 3600_000).toISOString() }), memberIds: [actors.volunteer.userId] }) },
  'certificate.issue': {},
  'certificate.mine': {},
  // Public, so given a real code: every caller, signed in or not, gets the same masked answer.
  'certificate.verify': { input: async () => ({ code: (await issueCertificate(db(), await makeUser(db(), 'volunteer', target('in')))).code }) },
  'theme.list': { input: () => ({ year: 2027 }) },
  'theme.create': { scoped: true, input: (s) => ({ unitId: target(s).id, name: `主题${randomUUID().slice(0, 6)}`, startsOn: '2027-06-01', endsOn: '2027-06-07' }) },
  'theme.update': {
    scoped: true,
    input: async (s) => ({ themeId: await themeIn(s), fields: { unitId: target(s).id, name: `改名${randomUUID().slice(0, 6)}`, startsOn: '2027-07-01', endsOn: '2027-07-07' } })
  },
  'theme.remove': { scoped: true, input: async (s) => ({ themeId: await themeIn(s) }) },
  // Public events of the area are for everyone signed in there; elsewhere they do not exist.
  'event.get': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ eventId: await eventIn(s) }) },
  'event.managed': {},
  'event.create': { scoped: true, input: eventFields },
  'event.update': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ eventId: await eventIn(s), fields: eventFields(s) }) },
  'event.cancel': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ eventId: await eventIn(s) }) },
  'event.addBooth': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ eventId: await eventIn(s), name: '法律援助' }) },
  'event.removeBooth': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ boothId: await boothIn(s) }) },
  'event.boothDraft': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ boothId: await boothIn(s) }) },
  'event.staffBooth': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ boothId: await boothIn(s), fields: await calloutFields(s) }) },
  'calendar.range': { input: () => ({ from: new Date().toISOString(), to: new Date(Date.now() + 30 * 86400_000).toISOString() }) },
  'calendar.feed': {},
  'calendar.regenerateFeed': {},
  'worker.list': { input: () => ({}) },
  'worker.get': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ userId: await workerIn(s) }) },
  'worker.save': { scoped: true, input: (s) => ({ name: '矩阵网格员', phone: phone(), gridId: gridOf(s).id, position: '网格员', hireDate: '2024-03-01' }) },
  // Units the file names are looked up inside the caller's scope: out of it they are row errors, not a refusal.
  'worker.import': { input: () => ({ kind: 'workers', fileName: 'm.csv', contentBase64: Buffer.from('姓名,手机号\n').toString('base64') }) },
  'pay.structure.save': { scoped: true, input: structureFor },
  'pay.structure.list': { scoped: true, input: (s) => ({ unitId: target(s).id }) },
  'pay.inputs.month': { scoped: true, input: (s) => ({ unitId: target(s).id, month: freshMonth() }) },
  'pay.inputs.saveRatings': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ month: freshMonth(), ratings: [{ workerId: await workerIn(s), rating: 'A' }] }) },
  'pay.inputs.addOvertime': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s), month: freshMonth(), minutes: 30 }) },
  'pay.inputs.addDeduction': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s), month: freshMonth(), kind: 'housing_fund', amountFen: 100 }) },
  'pay.inputs.addAdjustment': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ correctsLineId: (await lockedSlipIn(s)).lineId, month: freshMonth(), amountFen: -100, reason: '多发更正' }) },
  'pay.award.add': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s), kind: 'honour', title: '服务之星', amountFen: 100, awardedOn: '2027-01-01' }) },
  'pay.run.list': {},
  'pay.run.get': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id }) },
  'pay.run.create': { scoped: true, input: (s) => ({ unitId: target(s).id, month: freshMonth() }) },
  // Past authorization these meet the run's state (a fresh draft has nothing to review): a 4xx of their own.
  'pay.run.compute': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id }) },
  'pay.run.review': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id }) },
  'pay.run.reopen': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id }) },
  'pay.run.approve': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id }) },
  'pay.run.lock': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id }) },
  'pay.run.markPaid': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id }) },
  'pay.run.export': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ runId: (await runIn(s)).id, format: 'csv' }) },
  'career.appraisal.save': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s), year: 2020, result: 'qualified' }) },
  // In scope the matrix grid worker's own record (theirs to add to, and in the HR user's district).
  'career.certificate.add': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s, s === 'in' ? actors.grid_worker : undefined), typeCode: 'psych_counselor', issuedOn: '2024-01-01' }) },
  'career.certificate.verify': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ certificateId: await certificateIn(s) }) },
  'career.eligibility.mine': { input: async () => void (await workerIn('in', actors.grid_worker)) },
  'career.eligibility.forUnit': { scoped: true, input: (s) => ({ unitId: target(s).id }) },
  'career.eligibility.forWorker': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s) }) },
  'career.promotion.nominate': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s), targetPosition: '社区副站长' }) },
  'career.promotion.decide': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ promotionId: await promotionIn(s), decision: 'review' }) },
  'career.honour.award': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s), typeCode: 'service_star', year: 2024, citation: '矩阵测试' }) },
  // Public: the honour roll holds names and citations only.
  'career.honour.roll': { input: () => ({ unitId: target('in').id }) },
  'career.figures': { scoped: true, input: (s) => ({ unitId: target(s).id, year: 2025 }) },
  'career.record': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ workerId: await workerIn(s, s === 'in' ? actors.grid_worker : undefined) }) },
  'career.appraisal.forUnit': { scoped: true, input: (s) => ({ unitId: target(s).id, year: 2024 }) },
  // Scope is in the where clause: anyone with the role gets the rows of their own units.
  'career.certificate.pending': {},
  'career.promotion.list': {},
  'career.types': {},
  // The caller's own check-in: nothing of anyone else's is touched.
  'wellbeing.checkIn.submit': { input: () => ({ who5: [3, 3, 3, 3, 3], pss4: [1, 1, 1, 1], burnout: 2 }) },
  'wellbeing.checkIn.status': {},
  'wellbeing.aggregates': { scoped: true, input: (s) => ({ unitId: target(s).id, weeks: 4 }) },
  // Section E: grid workers and counselors — HR is refused everything, admins all but the station totals.
  'counseling.hours.get': {},
  'counseling.hours.save': { input: () => MANY_SLOTS },
  // A counselor out of the caller's reach (or, for a counselor, anyone but themself) does not exist for them.
  'counseling.slots': { scoped: true, outside: 'NOT_FOUND', input: (s) => ({ ...slotRange(), counselorId: counselorOf(s) }) },
  'counseling.book': { scoped: true, outside: 'NOT_FOUND', input: async (s) => ({ counselorId: counselorOf(s), startsAt: await freeStart(counselorOf(s)) }) },
  // The caller's own bookings only: nothing of anyone else's is reachable, in scope or out.
  'counseling.cancel': { input: async () => ({ bookingId: await ownBooking() }) },
  'counseling.reschedule': { input: async () => ({ bookingId: await ownBooking(), startsAt: await freeStart(actors.counselor.userId) }) },
  'counseling.mine': {},
  'counseling.mark': {
    scoped: true, outside: 'NOT_FOUND',
    input: async (s) => ({ bookingId: await startedBooking(db(), s === 'in' ? actors.grid_worker : posters.out, counselorOf(s)), outcome: 'attended' })
  },
  // The booking's own counselor only: another counselor's booking does not exist for them.
  'counseling.cancelByCounselor': {
    scoped: true, outside: 'NOT_FOUND',
    input: async (s) => ({ bookingId: (await bookFree(db(), s === 'in' ? actors.grid_worker : posters.out, counselorOf(s))).bookingId, reason: '身体不适，今天停诊' })
  },
  // Counts only, for admins and counselors over the unit; HR never.
  'counseling.monthlyTotals': { scoped: true, input: (s) => ({ unitId: target(s).id, year: 2025 }) },
  // The link in the worker's mail: the signed token is the credential, whoever holds it.
  'counseling.byLink.get': { input: async () => ({ token: await linkToken() }) },
  'counseling.byLink.slots': { input: async () => ({ token: await linkToken(), ...slotRange() }) },
  'counseling.byLink.cancel': { input: async () => ({ token: await linkToken() }) },
  'counseling.byLink.reschedule': { input: async () => ({ token: await linkToken(), startsAt: await freeStart(actors.counselor.userId) }) },
  'pay.payslip.mine': {},
  // In scope it is the matrix grid worker's own payslip (and in the HR user's district); out of scope, a stranger's.
  'pay.payslip.get': { scoped: true, outside: 'NOT_FOUND', seenBy: ['grid_worker', 'hr'], input: async (s) => ({ payslipId: (await lockedSlipIn(s)).payslipId }) }
};

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { access: Access }; type: string } }>;

function call(actor: Actor | null, path: string, input: unknown) {
  // Nested routers (pay.run.create): walk the caller one name at a time.
  const procedure = path.split('.').reduce<unknown>((node, name) => (node as Record<string, unknown>)[name], callerFor(db(), actor));
  return (procedure as (i: unknown) => Promise<unknown>)(input);
}

/** 'ok' when the call got past authorization (it may still fail on its input, e.g. a wrong password). */
async function outcome(actor: Actor | null, path: string, input: unknown): Promise<'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND'> {
  const result = await failureOf(call(actor, path, input)).catch((err: Error) => (err.message === 'expected the call to fail' ? null : Promise.reject(err)));
  if (!result) return 'ok';
  if (result.status === 401 && result.code === 'UNAUTHORIZED') return 'UNAUTHORIZED';
  if (result.status === 403) return 'FORBIDDEN';
  if (result.status === 404) return 'NOT_FOUND';
  return 'ok';
}

describe('authorization matrix', () => {
  it('has an entry for every procedure and every procedure declares who may call it', () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(CASES).sort());
    for (const [path, proc] of Object.entries(procedures)) expect(proc._def.meta?.access, path).toBeDefined();
  });

  for (const path of Object.keys(CASES)) {
    it(`${path}: anonymous, each role, in and out of scope`, async () => {
      const access = procedures[path]!._def.meta!.access;
      const c = CASES[path]!;
      const input = async (s: Scope) => (c.input ? c.input(s) : undefined);

      expect(await outcome(null, path, await input('in'))).toBe(access === 'public' ? 'ok' : 'UNAUTHORIZED');
      for (const role of Object.keys(actors) as Role[]) {
        const allowed = access === 'public' || access === 'authed' || access.includes(role);
        for (const scope of ['in', 'out'] as const) {
          const expected = !allowed || c.cityOnly ? 'FORBIDDEN'
            : c.seenBy && !c.seenBy.includes(role) ? 'NOT_FOUND'
            : c.scoped && scope === 'out' ? (c.outside ?? 'FORBIDDEN') : 'ok';
          expect(await outcome(actors[role], path, await input(scope)), `${path} as ${role}, ${scope} of scope`).toBe(expected);
        }
      }
    });
  }

  it('a city admin reads the demo mailbox', async () => {
    const cityAdmin = await makeUser(db(), 'admin', unit('某市'));
    expect(await outcome(cityAdmin, 'mailbox.list', {})).toBe('ok');
  });
});
