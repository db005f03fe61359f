import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { advanceCallouts } from '../callout/scheduler';
import { maskContact } from './service';
import { joinTeam } from './testing';

let database: Database;
let unit: (name: string) => UnitRef;
let gridWorker: Actor;
let leader: Actor;
let team: { id: string; name: string };
const db = () => database.db;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  gridWorker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'));
  leader = await makeUser(db(), 'volunteer', unit('湖滨社区'), { name: '队长老周' });
  team = await callerFor(db(), leader).team.create({ name: '银发志愿服务队' });
});
afterAll(() => database.close());

const volunteer = (phone?: string) => makeUser(db(), 'volunteer', unit('湖滨社区'), phone ? { phone } : {});

describe('teams', () => {
  it('a leader builds a team of neighbours; a second team of the same name is refused', async () => {
    const member = await volunteer('13722220001');
    await joinTeam(db(), leader, team.id, member);
    const stranger = await makeUser(db(), 'volunteer', unit('枫林社区'), { phone: '13722220002' });
    // Someone of another community is not invited, and the leader is told the same as for a neighbour.
    expect(await callerFor(db(), leader).team.addMember({ teamId: team.id, identifier: '13722220002' })).toEqual({ invited: true });
    expect(await callerFor(db(), stranger).team.invitations()).toEqual([]);
    const mine = await callerFor(db(), member).team.mine();
    // A member sees names only; the leader also sees a masked contact to tell namesakes apart.
    expect(mine).toEqual([{ id: team.id, name: '银发志愿服务队', leads: false, members: [{ id: leader.userId, name: '队长老周', leader: true }, { id: member.userId, name: member.name, leader: false }], invitations: [] }]);
    const led = await callerFor(db(), leader).team.mine();
    expect(led[0]!.leads).toBe(true);
    expect(led[0]!.members[1]).toEqual({ id: member.userId, name: member.name, leader: false, contact: '137****0001' });
    expect((await failureOf(callerFor(db(), member).team.create({ name: '银发志愿服务队' }))).message).toBe('本社区已有同名的志愿服务队。');
    expect((await failureOf(callerFor(db(), member).team.addMember({ teamId: team.id, identifier: '13722220002' }))).status).toBe(403);
    void stranger;
  });

  it('reserved places: only the leader fills them; others get the rest, then the waitlist; unused places open at the release time', async () => {
    const members = [await volunteer(), await volunteer()];
    for (const m of members) await joinTeam(db(), leader, team.id, m);
    const id = await openCallout(db(), gridWorker, unit('湖滨社区/第一网格'), { title: '重阳敬老', slots: 4, teamId: team.id, teamSlots: 3, teamReleaseAt: new Date(Date.now() + 12 * 3600_000).toISOString() });

    const others = [await volunteer(), await volunteer()];
    expect(await callerFor(db(), others[0]!).callout.signUp({ calloutId: id })).toEqual({ status: 'confirmed' });
    expect(await callerFor(db(), others[1]!).callout.signUp({ calloutId: id })).toEqual({ status: 'waitlisted' });

    const outcome = await callerFor(db(), leader).team.signUpMembers({ calloutId: id, memberIds: [members[0]!.userId] });
    expect(outcome).toEqual([{ userId: members[0]!.userId, status: 'confirmed' }]);
    // What the leader's form shows: 2 reserved places left, no general one, and where each member stands.
    const places = await callerFor(db(), leader).team.calloutPlaces({ calloutId: id });
    expect(places).toMatchObject({ team: { id: team.id, name: '银发志愿服务队' }, teamSlots: 3, taken: 1, reservedLeft: 2, placesLeft: 2, released: false });
    expect(places!.members.find((m) => m.id === members[0]!.userId)).toMatchObject({ status: 'confirmed', viaTeam: true });
    expect(places!.members.find((m) => m.id === members[1]!.userId)).toMatchObject({ status: null, viaTeam: false });
    expect(places!.members.find((m) => m.id === leader.userId)).toMatchObject({ leader: true, status: null });
    expect(await callerFor(db(), members[1]!).team.calloutPlaces({ calloutId: id })).toBeNull();
    expect((await failureOf(callerFor(db(), members[1]!).team.signUpMembers({ calloutId: id, memberIds: [members[1]!.userId] }))).status).toBe(403);

    // Release time passes with 2 reserved places unused: the waitlisted volunteer moves up and is told.
    await db().updateTable('callout').set({ teamReleaseAt: sql`now() - interval '1 minute'` }).where('id', '=', id).execute();
    const rounds = await Promise.all([advanceCallouts(db()), advanceCallouts(db())]);
    expect(rounds.reduce((n, r) => n + r.released, 0)).toBe(1);
    const status = await db().selectFrom('signup').select(['volunteerId', 'status']).where('calloutId', '=', id).execute();
    expect(status.find((s) => s.volunteerId === others[1]!.userId)?.status).toBe('confirmed');
    const mail = await db().selectFrom('emailOutbox').select('subject').where('subject', '=', '候补转正：重阳敬老').execute();
    expect(mail).toHaveLength(1);
    // After the release the team holds nothing back: the one place left is anyone's.
    expect(await callerFor(db(), leader).team.calloutPlaces({ calloutId: id })).toMatchObject({ reservedLeft: 0, placesLeft: 1, released: true });
  });

  it('a reservation needs a team of the grid community and no more places than the callout', async () => {
    const err = await failureOf(callerFor(db(), gridWorker).callout.create({
      gridId: unit('湖滨社区/第一网格').id, title: '预留过多', category: 'elderly', place: '活动室', slots: 2, teamId: team.id, teamSlots: 3,
      startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 90000_000).toISOString()
    }));
    expect(err.message).toBe('预留名额须至少 1 个，且不超过总名额，并指定一支队伍。');
  });
});

describe('the team pages', () => {
  it('the leader removes a member but not themself', async () => {
    const person = await volunteer('13722220009');
    await joinTeam(db(), leader, team.id, person);
    expect(await callerFor(db(), leader).team.removeMember({ teamId: team.id, userId: person.userId })).toEqual({ ok: true });
    expect(await callerFor(db(), person).team.mine()).toEqual([]);
    expect((await failureOf(callerFor(db(), leader).team.removeMember({ teamId: team.id, userId: leader.userId }))).status).toBe(403);
  });

  it('team places: nothing for a callout without a reservation, not found outside the viewer\'s reach', async () => {
    const plain = await openCallout(db(), gridWorker, unit('湖滨社区/第一网格'));
    expect(await callerFor(db(), leader).team.calloutPlaces({ calloutId: plain })).toBeNull();
    const far = await openCallout(db(), await makeUser(db(), 'grid_worker', unit('西山社区/第一网格')), unit('西山社区/第一网格'));
    expect((await failureOf(callerFor(db(), leader).team.calloutPlaces({ calloutId: far }))).status).toBe(404);
  });

  it('masks a phone number or an e-mail address', () => {
    expect(maskContact('13812345678', 'a@b.cn')).toBe('138****5678');
    expect(maskContact(null, 'laozhou@example.com')).toBe('l***@example.com');
    expect(maskContact(null, null)).toBeNull();
  });
});
