import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { pgErrorCode } from '../domain-error';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { invitationOf } from './testing';

let database: Database;
let unit: (name: string) => UnitRef;
let gridWorker: Actor;
const db = () => database.db;
const HOUR = 3600_000;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  gridWorker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'));
});
afterAll(() => database.close());

let teams = 0;
/** A leader of 湖滨社区 and the team they just founded: each test its own, so none sees another's invitations. */
async function newTeam() {
  teams++;
  const leader = await makeUser(db(), 'volunteer', unit('湖滨社区'), { name: `队长${teams}` });
  const team = await callerFor(db(), leader).team.create({ name: `邻里互助队${teams}` });
  return { leader, team };
}

const neighbour = (extra: { email?: string; name?: string; locale?: 'zh-CN' | 'en' } = {}) => makeUser(db(), 'volunteer', unit('湖滨社区'), extra);
const phoneOf = async (a: Actor) => (await db().selectFrom('appUser').select('phone').where('id', '=', a.userId).executeTakeFirstOrThrow()).phone!;
const invite = (leader: Actor, teamId: string, identifier: string) => callerFor(db(), leader).team.addMember({ teamId, identifier });
const answer = (person: Actor, invitationId: string, accept: boolean) => callerFor(db(), person).team.answerInvitation({ invitationId, accept });
const withdraw = (leader: Actor, invitationId: string) => callerFor(db(), leader).team.withdrawInvitation({ invitationId });
const memberIds = async (teamId: string) => (await db().selectFrom('teamMember').select('userId').where('teamId', '=', teamId).execute()).map((m) => m.userId).sort();
const statusOf = async (invitationId: string) => (await db().selectFrom('teamInvitation').select('status').where('id', '=', invitationId).executeTakeFirstOrThrow()).status;
const counts = async () => ({
  invitations: Number((await db().selectFrom('teamInvitation').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  mails: Number((await db().selectFrom('emailOutbox').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
});
const mailTo = (address: string) => db().selectFrom('emailOutbox').select(['subject', 'textBody']).where('toAddress', '=', address).execute();

/** The error code the database answered with, or undefined if the statement went through. */
async function refusedWith(statement: Promise<unknown>): Promise<string | undefined> {
  try {
    await statement;
    return undefined;
  } catch (err) {
    return pgErrorCode(err) ?? String(err);
  }
}

/** A published callout holding 2 of its 3 places for the team, released a day before it starts. */
async function calloutFor(teamId: string) {
  const start = Date.now() + 48 * HOUR;
  return openCallout(db(), gridWorker, unit('湖滨社区/第一网格'), {
    title: '重阳节敬老探访', slots: 3, teamId, teamSlots: 2,
    startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), teamReleaseAt: new Date(start - 24 * HOUR).toISOString()
  });
}

describe('an invitation, not a membership', () => {
  it('the invitee sees it and is no member: not in the list, not signed into the team’s places', async () => {
    const { leader, team } = await newTeam();
    const person = await neighbour({ name: '孙桂芳' });
    const phone = await phoneOf(person);
    expect(await invite(leader, team.id, phone)).toEqual({ invited: true });

    const [held, ...more] = await callerFor(db(), person).team.invitations();
    expect(more).toEqual([]);
    expect(held).toMatchObject({ teamId: team.id, teamName: team.name, leaderName: leader.name });
    expect(await callerFor(db(), person).team.mine()).toEqual([]);

    // The leader's list: themself only, and the open invitation by its masked number, without a name.
    const [mine] = await callerFor(db(), leader).team.mine();
    expect(mine!.members.map((m) => m.id)).toEqual([leader.userId]);
    expect(mine!.invitations).toEqual([{ id: held!.id, contact: `${phone.slice(0, 3)}****${phone.slice(-4)}`, invitedAt: expect.any(Date) }]);
    expect(JSON.stringify(mine)).not.toContain('孙桂芳');

    const callout = await calloutFor(team.id);
    expect(await callerFor(db(), leader).team.signUpMembers({ calloutId: callout, memberIds: [person.userId] })).toEqual([{ userId: person.userId, refused: 'NOT_FOUND' }]);
    expect(await db().selectFrom('signup').select('id').where('calloutId', '=', callout).execute()).toEqual([]);
  });

  it('accepting makes a member, who can then be signed up; a second answer is refused with what became of it', async () => {
    const { leader, team } = await newTeam();
    const person = await neighbour();
    await invite(leader, team.id, await phoneOf(person));
    const id = await invitationOf(db(), person, team.id);

    expect(await answer(person, id, true)).toEqual({ teamId: team.id, status: 'accepted' });
    expect(await memberIds(team.id)).toEqual([leader.userId, person.userId].sort());
    expect((await callerFor(db(), person).team.mine()).map((t) => t.id)).toEqual([team.id]);
    expect(await callerFor(db(), person).team.invitations()).toEqual([]);
    const [mine] = await callerFor(db(), leader).team.mine();
    expect(mine!.invitations).toEqual([]);
    // The membership names the invitation it came from.
    expect((await db().selectFrom('teamMember').select('invitationId').where('userId', '=', person.userId).executeTakeFirstOrThrow()).invitationId).toBe(id);

    const callout = await calloutFor(team.id);
    expect(await callerFor(db(), leader).team.signUpMembers({ calloutId: callout, memberIds: [person.userId] })).toEqual([{ userId: person.userId, status: 'confirmed' }]);

    for (const again of [true, false]) {
      const refused = await failureOf(answer(person, id, again));
      expect(refused).toMatchObject({ status: 409, code: 'TEAM_INVITATION_ANSWERED', message: '您已经同意过这份邀请，已是该队队员。' });
    }
    expect((await failureOf(answer(person, id, false), 'en')).message).toBe('You have already accepted this invitation and are a member of the team.');
    expect(await memberIds(team.id)).toEqual([leader.userId, person.userId].sort());
    expect(await statusOf(id)).toBe('accepted');
  });

  it('declining: no member, nothing pending for the leader; accepting afterwards is refused; the leader may ask again', async () => {
    const { leader, team } = await newTeam();
    const person = await neighbour();
    const phone = await phoneOf(person);
    await invite(leader, team.id, phone);
    const id = await invitationOf(db(), person, team.id);

    expect(await answer(person, id, false)).toEqual({ teamId: team.id, status: 'declined' });
    expect(await memberIds(team.id)).toEqual([leader.userId]);
    const [mine] = await callerFor(db(), leader).team.mine();
    expect(mine!.invitations).toEqual([]);
    expect(mine!.members.map((m) => m.id)).toEqual([leader.userId]);
    expect(await callerFor(db(), person).team.invitations()).toEqual([]);

    const late = await failureOf(answer(person, id, true));
    expect(late).toMatchObject({ status: 409, code: 'TEAM_INVITATION_ANSWERED', message: '您已经谢绝过这份邀请。' });
    expect(await memberIds(team.id)).toEqual([leader.userId]);
    expect(await statusOf(id)).toBe('declined');

    // A "no" closes that invitation, not the door: a new one may be sent, and that one is answered on its own.
    expect(await invite(leader, team.id, phone)).toEqual({ invited: true });
    const second = await invitationOf(db(), person, team.id);
    expect(second).not.toBe(id);
    await answer(person, second, true);
    expect(await memberIds(team.id)).toEqual([leader.userId, person.userId].sort());
  });

  it('only the invitee answers: anyone else, the leader too, is told it does not exist, and nothing changes', async () => {
    const { leader, team } = await newTeam();
    const person = await neighbour();
    await invite(leader, team.id, await phoneOf(person));
    const id = await invitationOf(db(), person, team.id);
    const other = await neighbour();

    for (const [who, accept] of [[other, true], [other, false], [leader, true]] as const) {
      const refused = await failureOf(answer(who, id, accept));
      expect(refused).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
    // Nor does another leader take it back.
    const { leader: otherLeader } = await newTeam();
    expect(await failureOf(withdraw(otherLeader, id))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    // An answered invitation stays as unknown to them as an open one: no "already answered" to anyone else.
    await answer(person, id, false);
    expect(await failureOf(answer(other, id, true))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(await failureOf(withdraw(otherLeader, id))).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    expect(await statusOf(id)).toBe('declined');
    expect(await memberIds(team.id)).toEqual([leader.userId]);
    expect(await callerFor(db(), other).team.mine()).toEqual([]);
  });

  it('the leader withdraws: the invitee can no longer accept and is told why; a withdrawal after an answer says what became of it', async () => {
    const { leader, team } = await newTeam();
    const person = await neighbour();
    const contact = await phoneOf(person);
    await invite(leader, team.id, contact);
    const id = await invitationOf(db(), person, team.id);

    expect(await withdraw(leader, id)).toEqual({ ok: true });
    expect(await callerFor(db(), person).team.invitations()).toEqual([]);
    expect((await callerFor(db(), leader).team.mine())[0]!.invitations).toEqual([]);
    expect(await failureOf(answer(person, id, true))).toMatchObject({ status: 409, code: 'TEAM_INVITATION_ANSWERED', message: '队长已撤回这份邀请。' });
    expect(await memberIds(team.id)).toEqual([leader.userId]);
    expect(await failureOf(withdraw(leader, id))).toMatchObject({ status: 409, message: '这份邀请已经撤回了。' });

    await invite(leader, team.id, contact);
    const accepted = await invitationOf(db(), person, team.id);
    await answer(person, accepted, true);
    expect(await failureOf(withdraw(leader, accepted))).toMatchObject({ status: 409, code: 'TEAM_INVITATION_ANSWERED', message: '对方已同意加入，现在是队员了。' });
    expect(await memberIds(team.id)).toEqual([leader.userId, person.userId].sort());
  });
});

describe('whom a leader can invite', () => {
  it('a member, or someone already invited, is refused with the reason on the field; a double click sends one invitation and one mail', async () => {
    const { leader, team } = await newTeam();
    const self = await failureOf(invite(leader, team.id, await phoneOf(leader)));
    expect(self).toMatchObject({ status: 409, code: 'TEAM_ALREADY_MEMBER', fields: { identifier: '这位志愿者已经是队员了。' } });

    const person = await neighbour({ email: 'wu.min@example.cn' });
    await invite(leader, team.id, await phoneOf(person));
    const twice = await failureOf(invite(leader, team.id, ' WU.Min@Example.cn '));
    expect(twice).toMatchObject({ status: 409, code: 'TEAM_INVITATION_PENDING', fields: { identifier: '已经邀请过这位志愿者，正在等对方答复。' } });
    await answer(person, await invitationOf(db(), person, team.id), true);
    expect(await failureOf(invite(leader, team.id, await phoneOf(person)))).toMatchObject({ status: 409, code: 'TEAM_ALREADY_MEMBER' });

    const clicked = await neighbour({ email: 'double.click@example.cn' });
    const phone = await phoneOf(clicked);
    const outcomes = await Promise.allSettled([invite(leader, team.id, phone), invite(leader, team.id, phone)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual([{ invited: true }]);
    const lost = outcomes.find((o) => o.status === 'rejected');
    expect(await failureOf(Promise.reject(lost!.reason))).toMatchObject({ status: 409, code: 'TEAM_INVITATION_PENDING' });
    expect(await db().selectFrom('teamInvitation').select('id').where('userId', '=', clicked.userId).execute()).toHaveLength(1);
    expect(await mailTo('double.click@example.cn')).toHaveLength(1);
  });

  it('nobody, someone elsewhere, a disabled account, a grid worker: the same answer, nothing stored, nobody mailed', async () => {
    const { leader, team } = await newTeam();
    const far = await makeUser(db(), 'volunteer', unit('枫林社区'), { email: 'far.away@example.cn' });
    const disabled = await neighbour({ email: 'gone@example.cn' });
    await db().updateTable('appUser').set({ disabledAt: sql`now()` }).where('id', '=', disabled.userId).execute();
    const worker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'), { email: 'worker.here@example.cn' });

    const before = await counts();
    for (const identifier of ['13999990000', 'nobody@example.cn', await phoneOf(far), 'far.away@example.cn', await phoneOf(disabled), await phoneOf(worker)]) {
      expect(await invite(leader, team.id, identifier)).toEqual({ invited: true });
    }
    expect(await counts()).toEqual(before);
    for (const someone of [far, worker]) expect(await callerFor(db(), someone).team.invitations()).toEqual([]);
    expect((await callerFor(db(), leader).team.mine())[0]!.invitations).toEqual([]);
  });

  it('a mistyped number is said to be one, whoever might have it', async () => {
    const { leader, team } = await newTeam();
    const before = await counts();
    for (const typo of ['1390000001', '139000000012', 'wang@', 'laozhou']) {
      const refused = await failureOf(invite(leader, team.id, typo));
      expect(refused).toMatchObject({ status: 400, code: 'VALIDATION', fields: { identifier: '请输入 11 位手机号或完整的邮箱地址，如 13812345678 或 name@example.com' } });
    }
    expect((await failureOf(invite(leader, team.id, '1390000001'), 'en')).fields?.identifier).toMatch(/11-digit mobile number/);
    // Spaces, dashes and +86 are forgiven, as on the login form.
    expect(await invite(leader, team.id, '+86 139-9999-0000')).toEqual({ invited: true });
    expect(await counts()).toEqual(before);
  });
});

describe('telling the invitee', () => {
  it('one mail naming the team and its leader, in the invitee’s language; without an address, none', async () => {
    const { leader, team } = await newTeam();
    const person = await neighbour({ email: 'zhao.lan@example.cn', name: '赵兰' });
    const phone = await phoneOf(person);
    await invite(leader, team.id, phone);
    const [mail, ...more] = await mailTo('zhao.lan@example.cn');
    expect(more).toEqual([]);
    expect(mail!.subject).toBe(`${leader.name} 邀请您加入“${team.name}”`);
    expect(mail!.textBody).toContain('赵兰，您好');
    expect(mail!.textBody).toContain(`志愿服务队“${team.name}”`);
    expect(mail!.textBody).toMatch(/https?:\/\/\S+\/teams\n/);

    const english = await neighbour({ email: 'li.ming@example.cn', locale: 'en' });
    await invite(leader, team.id, 'li.ming@example.cn');
    expect((await mailTo('li.ming@example.cn')).map((m) => m.subject)).toEqual([`${leader.name} invites you to join “${team.name}”`]);
    // The leader's list shows, masked, what they typed: the number for one, the address for the other.
    expect((await callerFor(db(), leader).team.mine())[0]!.invitations.map((i) => i.contact)).toEqual([`${phone.slice(0, 3)}****${phone.slice(-4)}`, 'l***@example.cn']);
    await answer(english, await invitationOf(db(), english, team.id), false);

    const noAddress = await neighbour();
    await db().updateTable('appUser').set({ email: null }).where('id', '=', noAddress.userId).execute();
    const before = await counts();
    expect(await invite(leader, team.id, await phoneOf(noAddress))).toEqual({ invited: true });
    expect(await counts()).toEqual({ invitations: before.invitations + 1, mails: before.mails });
    expect(await callerFor(db(), noAddress).team.invitations()).toHaveLength(1);
  });
});

describe('two answers at once', () => {
  it('accept and accept, accept and decline, accept and withdraw: exactly one wins, and the team shows the winner', async () => {
    for (const race of ['accept+accept', 'accept+decline', 'accept+withdraw', 'withdraw+accept'] as const) {
      const { leader, team } = await newTeam();
      const person = await neighbour();
      await invite(leader, team.id, await phoneOf(person));
      const id = await invitationOf(db(), person, team.id);
      const calls = race.split('+').map((step) => (step === 'withdraw' ? withdraw(leader, id) : answer(person, id, step === 'accept')));
      const outcomes = await Promise.allSettled(calls);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      expect(won, race).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected')!;
      expect(await failureOf(Promise.reject(lost.reason)), race).toMatchObject({ status: 409, code: 'TEAM_INVITATION_ANSWERED' });

      const status = await statusOf(id);
      expect(await memberIds(team.id), race).toEqual(status === 'accepted' ? [leader.userId, person.userId].sort() : [leader.userId]);
      expect(await db().selectFrom('teamMember').select('userId').where('invitationId', '=', id).execute(), race).toHaveLength(status === 'accepted' ? 1 : 0);
    }
  });
});

describe('the database', () => {
  it('lets a volunteer into a team only by an accepted invitation of theirs to that team (or as its leader)', async () => {
    const { leader, team } = await newTeam();
    const person = await neighbour();
    const bystander = await neighbour();
    const direct = (values: { teamId: string; userId: string; invitationId?: string }) => db().insertInto('teamMember').values(values).execute();

    expect(await refusedWith(direct({ teamId: team.id, userId: person.userId }))).toBe('23514');
    await invite(leader, team.id, await phoneOf(person));
    const pending = await invitationOf(db(), person, team.id);
    // A pending invitation is no ticket in.
    expect(await refusedWith(direct({ teamId: team.id, userId: person.userId, invitationId: pending }))).toBe('23514');

    await answer(person, pending, true);
    // The membership cannot be handed to someone else afterwards.
    expect(await refusedWith(db().updateTable('teamMember').set({ userId: bystander.userId }).where('userId', '=', person.userId).execute())).toBe('23514');
    expect(await memberIds(team.id)).toEqual([leader.userId, person.userId].sort());

    // Removed again, the accepted invitation is free to name (no membership holds it): still it
    // lets in only its own invitee, only into its own team.
    await callerFor(db(), leader).team.removeMember({ teamId: team.id, userId: person.userId });
    expect(await refusedWith(direct({ teamId: team.id, userId: bystander.userId, invitationId: pending }))).toBe('23514');
    const { team: otherTeam } = await newTeam();
    expect(await refusedWith(direct({ teamId: otherTeam.id, userId: person.userId, invitationId: pending }))).toBe('23514');
    expect(await memberIds(team.id)).toEqual([leader.userId]);
    expect(await memberIds(otherTeam.id)).toHaveLength(1);
  });
});
