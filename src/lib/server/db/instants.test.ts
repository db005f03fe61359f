import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Database } from './connect';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, makeUser, type UnitRef } from '../testing/factories';

// Before 1901 Asia/Shanghai is local mean time (+08:05:43), so the database prints such instants
// with an offset in seconds. Every stored instant in the schema's range reads back as the same
// instant, on PGlite as on PostgreSQL, and no stored time can make the calendar fail for anyone.

let database: Database;
let unit: (name: string) => UnitRef;
const db = () => database.db;
let admin: Actor;
let volunteer: Actor;

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  admin = await makeUser(db(), 'admin', unit('东湖街道'));
  volunteer = await makeUser(db(), 'volunteer', unit('湖滨社区'));
});
afterAll(() => database.close());

async function eventAt(title: string, startsAt: string, endsAt: string) {
  const soon = Date.now() + 86400_000;
  const { eventId } = await callerFor(db(), admin).event.create({ unitId: unit('东湖街道').id, title, place: '东湖广场', startsAt: new Date(soon).toISOString(), endsAt: new Date(soon + 3600_000).toISOString() });
  // As a record from before the start-in-the-past rule, or from an import, would hold it.
  await db().updateTable('event').set({ startsAt: sql`${startsAt}::timestamptz`, endsAt: sql`${endsAt}::timestamptz` }).where('id', '=', eventId).execute();
  return eventId;
}

describe('instants far in the past', () => {
  it.each([
    ['1900-01-01T00:00:00.000Z'],
    ['1900-06-30T23:59:59.000Z'],
    ['1901-01-01T00:00:00.000Z'],
    ['1949-10-01T02:00:00.000Z'],
    ['2199-12-31T15:59:59.000Z']
  ])('%s reads back as itself, through event.get and the calendar, for every reader', async (start) => {
    const end = new Date(Date.parse(start) + 3600_000).toISOString();
    const id = await eventAt(`纪念活动 ${start}`, start, end);
    for (const reader of [admin, volunteer]) {
      expect(await callerFor(db(), reader).event.get({ eventId: id })).toMatchObject({ startsAt: new Date(start), endsAt: new Date(end) });
      const range = await callerFor(db(), reader).calendar.range({ from: start, to: end });
      expect(range.find((i) => i.id === `event:${id}`)).toMatchObject({ start, end });
    }
  });

  it('the database prints 1900 with a seconds offset, and the driver still reads the instant', async () => {
    const { rows } = await sql<{ text: string; at: Date }>`select '1900-01-01T00:00:00Z'::timestamptz::text as text, '1900-01-01T00:00:00Z'::timestamptz as at`.execute(db());
    expect(rows[0]!.text).toBe('1900-01-01 08:05:43+08:05:43');
    expect(rows[0]!.at.toISOString()).toBe('1900-01-01T00:00:00.000Z');
  });

  it('an event whose time cannot be shown (infinity) is left out, and the calendar still shows the rest', async () => {
    const broken = await eventAt('时间损坏的活动', '2027-03-05T01:00:00Z', 'infinity');
    const fine = await eventAt('学雷锋志愿服务', '2027-03-05T02:00:00Z', '2027-03-05T04:00:00Z');
    const range = await callerFor(db(), volunteer).calendar.range({ from: '2027-03-04T00:00:00Z', to: '2027-03-06T00:00:00Z' });
    const ids = range.map((i) => i.id);
    expect(ids).toContain(`event:${fine}`);
    expect(ids).not.toContain(`event:${broken}`);
  });
});
