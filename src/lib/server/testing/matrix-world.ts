import { afterAll, beforeAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { freshDb } from './db';
import { demoCity, makeUser, type UnitRef } from './factories';
import { openCallout } from './callouts';
import { createCallout } from '../callout/service/manage';
import { signUp } from '../callout/service/sign-up';
import { createTeam } from '../team/service';
import { inviteMember } from '../team/invitations';
import { invitationOf } from '../team/testing';
import type { Caller } from '../authorization-table';
import { MANY_SLOTS, bookFree, freeStarts, publishHours } from '../counseling/testing';
import { bookingToken } from '../counseling/mail';

/** Whether a case touches a unit inside the caller's reach or outside it. */
export type Scope = 'in' | 'out';

/**
 * The setting of the authorization matrix: a database of the file's own with the demo city, one actor
 * per role (in 城东区, reaching 湖滨社区 but not 西山社区) and a city admin (reaching both), a poster
 * per scope, the volunteer's team and a team of 西山社区, and builders of the things each case touches.
 * Register it at the top of the file; it is ready inside tests.
 */
export function useMatrixWorld() {
  let database: Database;
  let unit: (name: string) => UnitRef;
  const actors = {} as Record<Caller, Actor>;
  const db = () => database.db;

  const target = (scope: Scope) => unit(scope === 'in' ? '湖滨社区' : '西山社区');
  const gridOf = (scope: Scope) => unit(scope === 'in' ? '湖滨社区/第一网格' : '西山社区/第一网格');
  const posters = {} as Record<Scope, Actor>;
  let team: { id: string };
  /** A team of 西山社区 with a leader of its own: nobody in the matrix leads it. */
  let farTeam: { id: string };
  let farLeader: Actor;
  /** An open invitation from the volunteer's team (in scope) or 西山社区's (out of scope) to a new neighbour. */
  async function invitationFrom(scope: Scope) {
    const [leader, teamId] = scope === 'in' ? [actors.volunteer, team.id] : [farLeader, farTeam.id];
    const identifier = phone();
    const invitee = await makeUser(db(), 'volunteer', target(scope), { phone: identifier });
    await inviteMember(db(), leader, teamId, identifier);
    return invitationOf(db(), invitee, teamId);
  }
  /** An open invitation to the caller, if a volunteer of 湖滨社区 (in scope); out of scope, one to someone else. */
  async function invitationTo(scope: Scope, who: Actor) {
    const invitee = scope === 'in' ? who : await makeUser(db(), 'volunteer', target('in'));
    if (!invitee.memberships.some((m) => m.role === 'volunteer' && m.orgUnitId === target('in').id)) return randomUUID();
    const leader = await makeUser(db(), 'volunteer', target('in'));
    const { id: teamId } = await createTeam(db(), leader, `邀请${randomUUID().slice(0, 6)}`);
    const { phone: identifier } = await db().selectFrom('appUser').select('phone').where('id', '=', invitee.userId).executeTakeFirstOrThrow();
    await inviteMember(db(), leader, teamId, identifier!);
    return invitationOf(db(), invitee, teamId);
  }
  /** A new volunteer of the team's community, added by their phone number. */
  async function neighbourToAdd() {
    const identifier = phone();
    await makeUser(db(), 'volunteer', target('in'), { phone: identifier });
    return { teamId: team.id, identifier };
  }
  const openIn = (scope: Scope) => openCallout(db(), posters[scope], gridOf(scope));
  /** An open callout the caller, if a volunteer, has signed up for (in scope); out of scope one they could not. */
  let signedUp = 0;
  async function signedUpIn(scope: Scope, who: Actor) {
    // Each at a time of its own: a volunteer cannot be in two places at once.
    const start = Date.now() + (24 + 3 * ++signedUp) * 3600_000;
    const calloutId = await openCallout(db(), posters[scope], gridOf(scope), { startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() });
    if (scope === 'in' && who.memberships.some((m) => m.role === 'volunteer')) await signUp(db(), who, calloutId);
    return calloutId;
  }
  /** A callout holding a place for the volunteer's team (in scope) or for 西山社区's team (out of scope). */
  const teamCalloutIn = (scope: Scope) =>
    openCallout(db(), posters[scope], gridOf(scope), { teamId: (scope === 'in' ? team : farTeam).id, teamSlots: 1, teamReleaseAt: new Date(Date.now() + 3600_000).toISOString() });
  async function draftIn(scope: Scope) {
    const { id } = await createCallout(db(), posters[scope], { ...(await calloutFields(scope)) });
    return id;
  }
  async function signupIn(scope: Scope) {
    const calloutId = await openIn(scope);
    const person = await makeUser(db(), 'volunteer', target(scope));
    await signUp(db(), person, calloutId);
    return (await db().selectFrom('signup').select('id').where('calloutId', '=', calloutId).executeTakeFirstOrThrow()).id;
  }
  const calloutFields = async (scope: Scope) => {
    const start = Date.now() + 86400_000;
    return {
      gridId: gridOf(scope).id, title: '矩阵测试', description: '', category: 'patrol' as const, urgency: 'normal' as const, place: '社区广场',
      startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), slots: 3, requiredSkills: [], teamSlots: 0
    };
  };
  const phone = () => `150${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  async function freshUnitUnder(scope: Scope) {
    const parent = target(scope);
    const id = randomUUID();
    await db().insertInto('orgUnit').values({ id, parentId: parent.id, level: 'grid', name: `临时${id.slice(0, 6)}`, path: `${parent.path}${id}/` }).execute();
    return id;
  }

  async function themeIn(scope: Scope) {
    const row = await db().insertInto('theme').values({ orgUnitId: target(scope).id, name: `主题${randomUUID().slice(0, 6)}`, startsOn: '2027-06-01', endsOn: '2027-06-07' }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  const eventFields = (scope: Scope) => ({
    unitId: target(scope).id, title: '矩阵活动', place: '社区广场',
    startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 90000_000).toISOString()
  });
  async function eventIn(scope: Scope) {
    const { unitId, ...fields } = eventFields(scope);
    const row = await db().insertInto('event').values({ ...fields, orgUnitId: unitId, createdBy: posters[scope].userId }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  async function boothIn(scope: Scope) {
    const row = await db().insertInto('booth').values({ eventId: await eventIn(scope), name: '健康义诊' }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  let monthsUsed = 0;
  /** A month no other case has used, so runs and payslips never collide. */
  function freshMonth() {
    monthsUsed++;
    return `${2030 + Math.floor(monthsUsed / 12)}-${String((monthsUsed % 12) + 1).padStart(2, '0')}`;
  }
  /** A grid worker with an employment record in the scope's grid (the matrix's own grid worker in scope). */
  async function workerIn(scope: Scope, person?: Actor) {
    const p = person ?? (await makeUser(db(), 'grid_worker', gridOf(scope)));
    await db().insertInto('worker').values({ userId: p.userId, gridId: gridOf(scope).id, hireDate: '2020-01-01' }).onConflict((oc) => oc.column('userId').doNothing()).execute();
    return p.userId;
  }
  async function runIn(scope: Scope) {
    return db().insertInto('payrollRun').values({ orgUnitId: target(scope).id, month: `${freshMonth()}-01`, createdBy: posters[scope].userId }).returning(['id', 'month']).executeTakeFirstOrThrow();
  }
  /** A locked payslip with one line; in scope it is the matrix grid worker's own. */
  async function lockedSlipIn(scope: Scope) {
    const workerId = await workerIn(scope, scope === 'in' ? actors.grid_worker : undefined);
    const run = await runIn(scope);
    const slip = await db().insertInto('payslip').values({ runId: run.id, workerId, month: run.month }).returning('id').executeTakeFirstOrThrow();
    const line = await db().insertInto('payrollLine').values({ payslipId: slip.id, runId: run.id, position: 0, kind: 'base', label: '基本工资', amountFen: 100, explanation: '测试' }).returning('id').executeTakeFirstOrThrow();
    await db().updateTable('payrollRun').set({ status: 'locked' }).where('id', '=', run.id).execute();
    return { payslipId: slip.id, lineId: line.id };
  }
  async function certificateIn(scope: Scope) {
    const row = await db().insertInto('workerCertificate').values({ workerId: await workerIn(scope), typeCode: 'psych_counselor', issuedOn: '2024-01-01' }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  /** A nomination by someone other than the caller, waiting for review. */
  async function promotionIn(scope: Scope) {
    const row = await db().insertInto('promotion').values({ workerId: await workerIn(scope), targetPosition: '社区副站长', nominatedBy: posters[scope].userId }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  const structureFor = (scope: Scope) => ({
    unitId: target(scope).id, effectiveFrom: '2031-01-01', basePayFen: 350000, performanceBaseFen: 150000, coefficients: { A: 1200, B: 1000, C: 800, D: 500 }
  });

  /** Counseling: the matrix counselor of 东湖街道 (in reach of the matrix grid worker) and one of 西山街道 (out of it). */
  let farCounselor: Actor;
  const counselorOf = (scope: Scope) => (scope === 'in' ? actors.counselor : farCounselor).userId;
  const slotRange = () => ({ from: new Date().toISOString(), to: new Date(Date.now() + 14 * 86400_000).toISOString() });
  const freeStart = async (counselorId: string) => (await freeStarts(db(), counselorId))[0]!;
  /** A new booking of the matrix grid worker with the matrix counselor (in scope), or of a 西山 grid worker with theirs. */
  const bookingIn = async (scope: Scope) =>
    (await bookFree(db(), scope === 'in' ? actors.grid_worker : posters.out, counselorOf(scope))).bookingId;
  const linkToken = async (scope: Scope) => bookingToken(db(), await bookingIn(scope), 0);

  /** A person by their phone number: a volunteer of 湖滨社区 in scope, of 西山社区 out of it. */
  async function personIn(scope: Scope) {
    const identifier = phone();
    await makeUser(db(), 'volunteer', target(scope), { phone: identifier });
    return identifier;
  }
  /** A message in the demo mailbox: for anyone's eyes in scope; out of scope, mail private to someone else. */
  async function mailIn(scope: Scope) {
    const messageId = `<${randomUUID()}@matrix.test>`;
    const toAddress = `m${randomUUID().slice(0, 6)}@example.cn`;
    await db().insertInto('emailOutbox').values({ messageId, toAddress, subject: '矩阵邮件', textBody: '正文', privateToRecipient: scope === 'out' }).execute();
    const row = await db().insertInto('mailboxMessage').values({ messageId, toAddress, subject: '矩阵邮件', textBody: '正文', raw: '' }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }
  async function negativeTerm() {
    const row = await db().insertInto('negativeTerm').values({ rule: 'demolition', term: `拆${randomUUID().slice(0, 4)}`, createdBy: actors.cityAdmin.userId }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    database = await freshDb();
    unit = await demoCity(db());
    actors.admin = await makeUser(db(), 'admin', unit('城东区'));
    actors.hr = await makeUser(db(), 'hr', unit('城东区'));
    actors.counselor = await makeUser(db(), 'counselor', unit('东湖街道'));
    actors.grid_worker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'));
    actors.volunteer = await makeUser(db(), 'volunteer', unit('湖滨社区'));
    actors.cityAdmin = await makeUser(db(), 'admin', unit('某市'));
    posters.in = actors.grid_worker;
    team = await createTeam(db(), actors.volunteer, '矩阵服务队');
    farLeader = await makeUser(db(), 'volunteer', unit('西山社区'));
    farTeam = await createTeam(db(), farLeader, '西山服务队');
    posters.out = await makeUser(db(), 'grid_worker', unit('西山社区/第一网格'));
    farCounselor = await makeUser(db(), 'counselor', unit('西山街道'));
    for (const c of [actors.counselor, farCounselor]) await publishHours(db(), c, MANY_SLOTS);
  });
  afterAll(() => database.close());

  return {
    db,
    unit: (name: string) => unit(name),
    /** One actor per caller of the table, filled in before the tests run. */
    actors,
    /** Who posts the callouts, events and runs of each scope, filled in before the tests run. */
    posters,
    team: () => team,
    farTeam: () => farTeam,
    invitationFrom, invitationTo,
    target, gridOf, phone, freshUnitUnder, neighbourToAdd, personIn, mailIn, negativeTerm,
    openIn, draftIn, signupIn, signedUpIn, teamCalloutIn, calloutFields,
    themeIn, eventFields, eventIn, boothIn,
    freshMonth, workerIn, runIn, lockedSlipIn, certificateIn, promotionIn, structureFor,
    counselorOf, slotRange, freeStart, bookingIn, linkToken
  };
}
