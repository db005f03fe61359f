import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { Actor } from '../auth/actor';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, failureOf, makeUser, type UnitRef } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { advanceCallouts } from '../callout/scheduler';

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
    await callerFor(db(), leader).team.addMember({ teamId: team.id, identifier: '13722220001' });
    const stranger = await makeUser(db(), 'volunteer', unit('枫林社区'), { phone: '13722220002' });
    expect((await failureOf(callerFor(db(), leader).team.addMember({ teamId: team.id, identifier: '13722220002' }))).status).toBe(404);
    const mine = await callerFor(db(), member).team.mine();
    expect(mine).toEqual([{ id: team.id, name: '银发志愿服务队', leads: false, members: [{ id: leader.userId, name: '队长老周' }, { id: member.userId, name: member.name }] }]);
    expect((await failureOf(callerFor(db(), member).team.create({ name: '银发志愿服务队' }))).message).toBe('本社区已有同名的志愿服务队。');
    expect((await failureOf(callerFor(db(), member).team.addMember({ teamId: team.id, identifier: '13722220002' }))).status).toBe(403);
    void stranger;
  });

  it('reserved places: only the leader fills them; others get the rest, then the waitlist; unused places open at the release time', async () => {
    const members = [await volunteer(), await volunteer()];
    for (const m of members) await db().insertInto('teamMember').values({ teamId: team.id, userId: m.userId }).execute();
    const id = await openCallout(db(), gridWorker, unit('湖滨社区/第一网格'), { title: '重阳敬老', slots: 4, teamId: team.id, teamSlots: 3, teamReleaseAt: new Date(Date.now() + 12 * 3600_000).toISOString() });

    const others = [await volunteer(), await volunteer()];
    expect(await callerFor(db(), others[0]!).callout.signUp({ calloutId: id })).toEqual({ status: 'confirmed' });
    expect(await callerFor(db(), others[1]!).callout.signUp({ calloutId: id })).toEqual({ status: 'waitlisted' });

    const outcome = await callerFor(db(), leader).team.signUpMembers({ calloutId: id, memberIds: [members[0]!.userId] });
    expect(outcome).toEqual([{ userId: members[0]!.userId, status: 'confirmed' }]);
    expect((await failureOf(callerFor(db(), members[1]!).team.signUpMembers({ calloutId: id, memberIds: [members[1]!.userId] }))).status).toBe(403);

    // Release time passes with 2 reserved places unused: the waitlisted volunteer moves up and is told.
    await db().updateTable('callout').set({ teamReleaseAt: sql`now() - interval '1 minute'` }).where('id', '=', id).execute();
    const rounds = await Promise.all([advanceCallouts(db()), advanceCallouts(db())]);
    expect(rounds.reduce((n, r) => n + r.released, 0)).toBe(1);
    const status = await db().selectFrom('signup').select(['volunteerId', 'status']).where('calloutId', '=', id).execute();
    expect(status.find((s) => s.volunteerId === others[1]!.userId)?.status).toBe('confirmed');
    const mail = await db().selectFrom('emailOutbox').select('subject').where('subject', '=', '候补转正：重阳敬老').execute();
    expect(mail).toHaveLength(1);
  });

  it('a reservation needs a team of the grid community and no more places than the callout', async () => {
    const err = await failureOf(callerFor(db(), gridWorker).callout.create({
      gridId: unit('湖滨社区/第一网格').id, title: '预留过多', category: 'elderly', place: '活动室', slots: 2, teamId: team.id, teamSlots: 3,
      startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 90000_000).toISOString()
    }));
    expect(err.message).toBe('预留名额须至少 1 个，且不超过总名额，并指定一支队伍。');
  });
});
