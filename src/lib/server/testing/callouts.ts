import type { Db } from '../db/connect';
import type { Actor } from '../auth/actor';
import type { CalloutFields } from '../callout/schema';
import { sql } from 'kysely';
import { createCallout, publishCallout } from '../callout/service/manage';
import { signUp } from '../callout/service/sign-up';
import type { UnitRef } from './factories';

const HOUR = 3600_000;

/** A published callout in `grid`, starting tomorrow for two hours unless told otherwise. */
export async function openCallout(db: Db, poster: Actor, grid: UnitRef, fields: Partial<CalloutFields> = {}) {
  const start = Date.now() + 24 * HOUR;
  const { id } = await createCallout(db, poster, {
    gridId: grid.id,
    title: '湖滨社区环境巡查',
    description: '沿湖步道清理垃圾，劝导不文明行为。',
    category: 'patrol',
    urgency: 'normal',
    place: '湖滨公园东门',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * HOUR).toISOString(),
    slots: 5,
    requiredSkills: [],
    teamSlots: 0,
    ...fields
  });
  await publishCallout(db, poster, id);
  return id;
}

/** A published callout in `grid` that started 10 minutes ago and ends in 50, with these volunteers confirmed. */
export async function liveCallout(db: Db, poster: Actor, grid: UnitRef, volunteers: Actor[], fields: Partial<CalloutFields> = {}) {
  const id = await openCallout(db, poster, grid, fields);
  for (const v of volunteers) await signUp(db, v, id);
  await db
    .updateTable('callout')
    .set({ startsAt: sql`now() - interval '10 minutes'`, endsAt: sql`now() + interval '50 minutes'`, signupDeadline: sql`now() - interval '10 minutes'`, cancelDeadline: sql`now() - interval '130 minutes'` })
    .where('id', '=', id)
    .execute();
  return id;
}
