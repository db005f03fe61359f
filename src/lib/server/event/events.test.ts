import { describe, expect, it } from 'vitest';
import { useCalloutWorld } from '../testing/callout-world';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import type { CalloutFields } from '../callout/schema';

const world = useCalloutWorld();
const HOUR = 3600_000;
const inDays = (days: number, hours = 9) => new Date(Date.UTC(2027, 0, 1) + days * 86400_000 + (hours - 8) * HOUR).toISOString();

async function admin(unit = '东湖街道') {
  return makeUser(world.db(), 'admin', world.unit(unit));
}
const fair = (unitId: string, fields: Record<string, unknown> = {}) => ({
  unitId, title: '网格员服务节', description: '便民服务集市', place: '东湖街道文化广场', startsAt: inDays(100), endsAt: inDays(100, 16), ...fields
});
const count = async (table: 'event' | 'booth' | 'theme') => Number((await world.db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const calloutFor = (gridId: string): CalloutFields => ({
  gridId, title: '服务节 · 健康义诊', description: '', category: 'event_support', urgency: 'normal', place: '东湖街道文化广场',
  startsAt: inDays(100), endsAt: inDays(100, 12), slots: 4, requiredSkills: [], teamSlots: 0
});

describe('themes', () => {
  it('the seeded yearly themes appear in every year of the plan', async () => {
    const volunteer = await makeUser(world.db(), 'volunteer', world.unit('湖滨社区'));
    const plan = await callerFor(world.db(), volunteer).theme.list({ year: 2031 });
    expect(plan.map((t) => `${t.occursFrom} ${t.name}`)).toEqual(
      expect.arrayContaining(['2031-03-01 学雷锋志愿服务月', '2031-05-11 防灾减灾宣传周', '2031-09-01 敬老月', '2031-12-01 宪法宣传周'])
    );
    expect(plan.every((t) => !t.canEdit)).toBe(true);
  });

  it('a street admin plans a theme week; an identical theme on overlapping days is refused, with the reason', async () => {
    const street = await admin();
    const caller = callerFor(world.db(), street);
    const week = { unitId: world.unit('东湖街道').id, name: '垃圾分类宣传周', startsOn: '2027-06-07', endsOn: '2027-06-13', repeatsYearly: true };
    await caller.theme.create(week);
    const before = await count('theme');
    const twin = await failureOf(caller.theme.create({ ...week, startsOn: '2030-06-10', endsOn: '2030-06-20', repeatsYearly: false }));
    expect(twin).toMatchObject({ status: 409, code: 'THEME_OVERLAP', message: '同一单位已有同名主题与这段日期重叠：垃圾分类宣传周。' });
    const reversed = await failureOf(caller.theme.create({ ...week, name: '另一个主题', startsOn: '2027-06-13', endsOn: '2027-06-07' }));
    expect(reversed.code).toBe('THEME_DATES');
    expect(await count('theme')).toBe(before);
    // The same name in another month is a different theme.
    await caller.theme.create({ ...week, startsOn: '2027-10-01', endsOn: '2027-10-07' });
  });

  it('the shared plan is kept by city admins only; other units plan their own', async () => {
    const district = await admin('城东区');
    const refused = await failureOf(callerFor(world.db(), district).theme.create({ unitId: null, name: '全市主题', startsOn: '2027-01-01', endsOn: '2027-01-07' }));
    expect(refused.status).toBe(403);
    const other = await failureOf(callerFor(world.db(), district).theme.create({ unitId: world.unit('西山街道').id, name: '别区主题', startsOn: '2027-01-01', endsOn: '2027-01-07' }));
    expect(other.status).toBe(403);
  });
});

describe('events and booths', () => {
  it('an event ending before it starts is refused with a message in the caller’s language; nothing is stored', async () => {
    const street = await admin();
    const before = await count('event');
    const bad = fair(world.unit('东湖街道').id, { endsAt: inDays(99) });
    expect(await failureOf(callerFor(world.db(), street).event.create(bad))).toMatchObject({ code: 'EVENT_TIMES', message: '活动时间有误：结束时间须晚于开始时间。' });
    expect((await failureOf(callerFor(world.db(), street, 'en').event.create(bad), 'en')).message).toBe('Check the times: the event must end after it starts.');
    expect(await count('event')).toBe(before);
  });

  it('a booth goes on an event of the admin’s own units only; names are unique per event', async () => {
    const street = await admin();
    const { eventId } = await callerFor(world.db(), street).event.create(fair(world.unit('东湖街道').id));
    await callerFor(world.db(), street).event.addBooth({ eventId, name: '政策咨询' });
    const twice = await failureOf(callerFor(world.db(), street).event.addBooth({ eventId, name: '政策咨询' }));
    expect(twice.code).toBe('BOOTH_NAME_TAKEN');
    const stranger = await admin('西山街道');
    const before = await count('booth');
    expect((await failureOf(callerFor(world.db(), stranger).event.addBooth({ eventId, name: '家电维修' }))).status).toBe(404);
    expect(await count('booth')).toBe(before);
  });

  it('a booth is staffed by one callout created from it, prefilled; the callout then shows on the event', async () => {
    const street = await admin();
    const { eventId } = await callerFor(world.db(), street).event.create(fair(world.unit('东湖街道').id));
    const { boothId } = await callerFor(world.db(), street).event.addBooth({ eventId, name: '健康义诊', description: '测血压、量血糖' });
    const worker = callerFor(world.db(), world.gridWorker());
    const draft = await worker.event.boothDraft({ boothId });
    expect(draft.prefill).toMatchObject({ title: '网格员服务节 · 健康义诊', place: '东湖街道文化广场', description: '测血压、量血糖', category: 'event_support' });
    // Two grid workers at once: the database lets one callout staff the booth.
    const results = await Promise.allSettled([
      worker.event.staffBooth({ boothId, fields: calloutFor(world.unit('湖滨社区/第一网格').id) }),
      worker.event.staffBooth({ boothId, fields: calloutFor(world.unit('湖滨社区/第一网格').id) })
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const event = await worker.event.get({ eventId });
    expect(event.booths[0]).toMatchObject({ name: '健康义诊', calloutTitle: '服务节 · 健康义诊', calloutStatus: 'draft', slots: 4 });
    expect((await failureOf(callerFor(world.db(), street).event.removeBooth({ boothId }))).code).toBe('BOOTH_STAFFED');
  });

  it('a grid worker of another street cannot staff the booth', async () => {
    const street = await admin();
    const { eventId } = await callerFor(world.db(), street).event.create(fair(world.unit('东湖街道').id));
    const { boothId } = await callerFor(world.db(), street).event.addBooth({ eventId, name: '法律援助' });
    const far = await makeUser(world.db(), 'grid_worker', world.unit('西山社区/第一网格'));
    expect((await failureOf(callerFor(world.db(), far).event.staffBooth({ boothId, fields: calloutFor(world.unit('西山社区/第一网格').id) }))).status).toBe(404);
  });

  it('volunteers see public events of their area only; staff see internal ones too', async () => {
    const street = await admin();
    const pub = await callerFor(world.db(), street).event.create(fair(world.unit('东湖街道').id));
    const internal = await callerFor(world.db(), street).event.create(fair(world.unit('东湖街道').id, { title: '网格员例会', isPublic: false }));
    const near = callerFor(world.db(), await makeUser(world.db(), 'volunteer', world.unit('湖滨社区')));
    const far = callerFor(world.db(), await makeUser(world.db(), 'volunteer', world.unit('西山社区')));
    expect((await near.event.get(pub)).title).toBe('网格员服务节');
    expect((await failureOf(near.event.get(internal))).status).toBe(404);
    expect((await failureOf(far.event.get(pub))).status).toBe(404);
    expect((await callerFor(world.db(), world.gridWorker()).event.get(internal)).title).toBe('网格员例会');
  });

  it('each change raises the event’s sequence, for calendars that subscribed', async () => {
    const street = await admin();
    const caller = callerFor(world.db(), street);
    const { eventId } = await caller.event.create(fair(world.unit('东湖街道').id));
    await caller.event.update({ eventId, fields: fair(world.unit('东湖街道').id, { place: '东湖街道党群服务中心' }) });
    await caller.event.cancel({ eventId });
    expect(await caller.event.get({ eventId })).toMatchObject({ sequence: 2, status: 'cancelled', place: '东湖街道党群服务中心' });
  });
});
