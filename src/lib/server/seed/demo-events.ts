import type { Db } from '../db/connect';

const DAY = 86400_000;

/** 09:00 Beijing time, `days` from today. */
function morningIn(days: number, hour = 9): Date {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  return new Date(Date.parse(`${today}T${String(hour).padStart(2, '0')}:00:00+08:00`) + days * DAY);
}

/** The street's yearly service fair with its booths, and an internal staff meeting, near today. */
export async function seedDemoEvents(db: Db, streetId: string, adminId: string): Promise<void> {
  const fair = await db
    .insertInto('event')
    .values({
      orgUnitId: streetId, title: '网格员服务节', place: '东湖街道文化广场', createdBy: adminId,
      description: '一年一度的便民服务集市：网格员与志愿者摆摊设点，为居民提供政策咨询、义诊、法律援助和家电维修。',
      startsAt: morningIn(14), endsAt: morningIn(14, 16)
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('booth')
    .values([
      { eventId: fair.id, name: '政策咨询', description: '社保、医保、养老政策现场解答。' },
      { eventId: fair.id, name: '健康义诊', description: '测血压、量血糖，社区医生坐诊。' },
      { eventId: fair.id, name: '法律援助', description: '律师现场答疑。' },
      { eventId: fair.id, name: '家电维修', description: '小家电免费维修。' }
    ])
    .execute();
  await db
    .insertInto('event')
    .values({
      orgUnitId: streetId, title: '网格员月度例会', place: '东湖街道办事处三楼会议室', createdBy: adminId, isPublic: false,
      description: '通报本月任务召集情况，布置下月工作。', startsAt: morningIn(7, 14), endsAt: morningIn(7, 16)
    })
    .execute();
}
