import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { callerFor, makeUser } from '../testing/factories';
import { openCallout } from '../testing/callouts';
import { useCalloutWorld } from '../testing/callout-world';
import { verifyLink } from '../secrets/link-signing';
import { sendDigests, sendReminders } from './mail-rounds';
import { signUp } from './service/sign-up';

const { db, unit, gridWorker } = useCalloutWorld();
const HOUR = 3600_000;

const mailTo = (email: string) => db().selectFrom('emailOutbox').select(['subject', 'textBody']).where('toAddress', '=', email).orderBy('createdAt').execute();

describe('telling volunteers about a callout', () => {
  it('an urgent callout mails, at once, the neighbours whose skills fit, with a working unsubscribe link', async () => {
    const medic = await makeUser(db(), 'volunteer', unit('湖滨社区'), { email: 'medic@example.cn' });
    await db().updateTable('appUser').set({ skills: ['first_aid', 'driving'] }).where('id', '=', medic.userId).execute();
    await makeUser(db(), 'volunteer', unit('湖滨社区'), { email: 'noskill@example.cn' });
    const far = await makeUser(db(), 'volunteer', unit('枫林社区'), { email: 'far@example.cn' });
    await db().updateTable('appUser').set({ skills: ['first_aid'] }).where('id', '=', far.userId).execute();

    await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), { title: '老人摔倒需要急救员', urgency: 'urgent', requiredSkills: ['first_aid'] });
    const mails = await mailTo('medic@example.cn');
    expect(mails.map((m) => m.subject)).toEqual(['【紧急召集】老人摔倒需要急救员']);
    expect(await mailTo('noskill@example.cn')).toEqual([]);
    expect(await mailTo('far@example.cn')).toEqual([]);

    const token = /\/unsubscribe\/(\S+)/.exec(mails[0]!.textBody)![1]!;
    expect(await verifyLink(db(), 'unsubscribe', token)).toBe(medic.userId);
    expect(await verifyLink(db(), 'unsubscribe', token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')))).toBeUndefined();
  });

  it('normal callouts wait for one digest per volunteer, sent once however many processes run the round', async () => {
    const v = await makeUser(db(), 'volunteer', unit('桃园社区'), { email: 'digest@example.cn' });
    const grid = unit('桃园社区/第一网格');
    const poster = await makeUser(db(), 'grid_worker', grid);
    await openCallout(db(), poster, grid, { title: '垃圾分类宣传' });
    await openCallout(db(), poster, grid, { title: '防汛沙袋搬运', startsAt: new Date(Date.now() + 30 * HOUR).toISOString(), endsAt: new Date(Date.now() + 32 * HOUR).toISOString() });
    expect(await sendDigests(db())).toBe(0);
    expect(await mailTo('digest@example.cn')).toEqual([]);

    await db().updateTable('calloutDigestItem').set({ queuedAt: sql`now() - interval '2 hours'` }).where('volunteerId', '=', v.userId).execute();
    const sent = await Promise.all([sendDigests(db()), sendDigests(db())]);
    expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const mails = await mailTo('digest@example.cn');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('您的社区有 2 项新的任务召集');
    expect(mails[0]!.textBody).toContain('垃圾分类宣传');
    expect(mails[0]!.textBody).toContain('防汛沙袋搬运');
  });

  it('reminds each confirmed volunteer once, the day before', async () => {
    const v = await makeUser(db(), 'volunteer', unit('湖滨社区'), { email: 'remind@example.cn' });
    const soon = await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), {
      title: '明早升旗仪式保障', startsAt: new Date(Date.now() + 20 * HOUR).toISOString(), endsAt: new Date(Date.now() + 21 * HOUR).toISOString()
    });
    await signUp(db(), v, soon);
    await Promise.all([sendReminders(db()), sendReminders(db())]);
    await sendReminders(db());
    expect((await mailTo('remind@example.cn')).map((m) => m.subject)).toEqual(['明天见：明早升旗仪式保障']);
  });
});

describe('the callout-mail switch', () => {
  it('is kept in the profile and stops announcements', async () => {
    const v = await makeUser(db(), 'volunteer', unit('湖滨社区'), { email: 'quiet@example.cn' });
    const api = callerFor(db(), v);
    expect((await api.profile.get()).calloutMail).toBe(true);
    await api.profile.update({ name: v.name, homeCommunityId: unit('湖滨社区').id, skills: [], education: null, locale: 'zh-CN', calloutMail: false });
    expect((await api.profile.get()).calloutMail).toBe(false);
    await openCallout(db(), gridWorker(), unit('湖滨社区/第一网格'), { title: '不该收到的紧急召集', urgency: 'urgent' });
    expect(await mailTo('quiet@example.cn')).toEqual([]);
  });
});
