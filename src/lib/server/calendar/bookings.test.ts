import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { Actor } from '../auth/actor';
import type { Database } from '../db/connect';
import { freshDb } from '../testing/db';
import { callerFor, demoCity, makeUser, type UnitRef } from '../testing/factories';
import { bookFree, publishHours, startedBooking, STATION } from '../counseling/testing';
import { feedItems } from './feed';
import { toIcs } from './ics';

let database: Database;
let unit: (name: string) => UnitRef;
const db = () => database.db;
let counselor: Actor; // 陈咨询师 of 东湖街道
let worker: Actor; // 张网格员, books under the alias 小林
let neighbour: Actor; // another grid worker of the street, books without an alias
let admin: Actor;
let hr: Actor;
let booked: string; // 张网格员's upcoming booking
let cancelled: string; // 张网格员's booking, cancelled by him
let attended: string; // 张网格员's past booking, marked attended
let neighbours: string; // 邻居网格员's booking

const DAY = 86_400_000;
const ALIAS = '小林';
const NOTE = '最近睡眠不太好';
const api = (actor: Actor) => callerFor(db(), actor);
const around = { from: new Date(Date.now() - 7 * DAY).toISOString(), to: new Date(Date.now() + 20 * DAY).toISOString() };
const bookingsOf = async (actor: Actor, input: object = around) => (await api(actor).calendar.range({ ...around, ...input })).filter((i) => i.kind === 'booking');

beforeAll(async () => {
  database = await freshDb();
  unit = await demoCity(db());
  counselor = await makeUser(db(), 'counselor', unit('东湖街道'), { name: '陈咨询师' });
  worker = await makeUser(db(), 'grid_worker', unit('湖滨社区/第一网格'), { name: '张网格员' });
  neighbour = await makeUser(db(), 'grid_worker', unit('桃园社区/第一网格'), { name: '邻居网格员' });
  admin = await makeUser(db(), 'admin', unit('城东区'));
  hr = await makeUser(db(), 'hr', unit('城东区'));
  await publishHours(db(), counselor);
  booked = (await bookFree(db(), worker, counselor.userId, { alias: ALIAS, note: NOTE, mode: 'place' })).bookingId;
  cancelled = (await bookFree(db(), worker, counselor.userId, { alias: ALIAS })).bookingId;
  await api(worker).counseling.cancel({ bookingId: cancelled });
  neighbours = (await bookFree(db(), neighbour, counselor.userId)).bookingId;
  attended = await startedBooking(db(), worker, counselor.userId);
  await api(counselor).counseling.mark({ bookingId: attended, outcome: 'attended' });
});
afterAll(() => database.close());

describe('counseling sessions on the calendar', () => {
  it('a grid worker sees their own bookings under the counselor’s name, cancelled as cancelled; never another worker’s', async () => {
    const items = await bookingsOf(worker);
    const byId = new Map(items.map((i) => [i.id, i]));
    expect([...byId.keys()].sort()).toEqual([booked, cancelled, attended].map((id) => `booking:${id}`).sort());
    expect(byId.get(`booking:${booked}`)).toMatchObject({ title: '心理咨询 · 陈咨询师', status: 'booked', place: STATION, href: '/counseling', allDay: false });
    expect(byId.get(`booking:${cancelled}`)).toMatchObject({ status: 'cancelled' });
    expect(byId.get(`booking:${attended}`)).toMatchObject({ status: 'attended' });
    expect(JSON.stringify(items)).not.toContain(NOTE);
    expect((await bookingsOf(neighbour)).map((i) => i.id)).toEqual([`booking:${neighbours}`]);
  });

  it('a counselor sees their sessions by alias only, never the worker’s name or note', async () => {
    const items = await bookingsOf(counselor);
    expect(items).toHaveLength(4);
    expect(items.find((i) => i.id === `booking:${booked}`)).toMatchObject({ title: `心理咨询 · ${ALIAS}` });
    expect(items.find((i) => i.id === `booking:${neighbours}`)).toMatchObject({ title: '心理咨询（未留化名）' });
    expect(JSON.stringify(items)).not.toMatch(/张网格员|邻居网格员|睡眠/);
  });

  it('HR and admins see no booking at all', async () => {
    expect(await bookingsOf(hr)).toEqual([]);
    expect(await bookingsOf(admin)).toEqual([]);
  });

  it('shows only when the kind filter asks for bookings, and not under a unit or category filter', async () => {
    expect(await bookingsOf(worker, { kinds: ['theme', 'event', 'callout', 'signup'] })).toEqual([]);
    const only = await api(worker).calendar.range({ ...around, kinds: ['booking'] });
    expect(only).toHaveLength(3);
    expect(only.every((i) => i.kind === 'booking')).toBe(true);
    expect(await bookingsOf(worker, { category: 'elderly' })).toEqual([]);
    expect(await bookingsOf(worker, { unitId: unit('湖滨社区').id })).toEqual([]);
  });

  it('the feed holds them under the invite’s UID and SEQUENCE, in Shanghai time, with a neutral summary in the person’s language', async () => {
    const parse = (text: string) => {
      const calendar = new ICAL.Component(ICAL.parse(text));
      ICAL.TimezoneService.register(calendar.getFirstSubcomponent('vtimezone')!);
      return calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    };
    const text = toIcs('网格通', await feedItems(db(), worker.userId, 'https://portal.example.cn'));
    const events = parse(text);
    const uid = (id: string) => `booking-${id}@gridcall.cn`;
    expect(events.map((e) => e.uid).sort()).toEqual([booked, cancelled, attended].map(uid).sort());
    const rows = await db().selectFrom('counselingBooking').select(['id', 'sequence', 'startsAt']).where('workerId', '=', worker.userId).execute();
    for (const row of rows) {
      const event = events.find((e) => e.uid === uid(row.id))!;
      expect(event.sequence).toBe(row.sequence);
      expect(event.summary).toBe('心灵驿站预约');
      expect(event.description).toBeNull();
      expect(event.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Shanghai');
      expect(event.startDate.toJSDate().getTime()).toBe(Math.floor(row.startsAt.getTime() / 1000) * 1000);
    }
    expect(events.find((e) => e.uid === uid(cancelled))!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(events.find((e) => e.uid === uid(cancelled))!.sequence).toBe(1);
    expect(events.find((e) => e.uid === uid(booked))!.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(text).not.toMatch(/陈咨询师|小林|睡眠|张网格员/);

    // The counselor's feed: the same UIDs, in English for an English-speaking counselor; no neighbour's name.
    await db().updateTable('appUser').set({ locale: 'en' }).where('id', '=', counselor.userId).execute();
    const counselorText = toIcs('GridCall', await feedItems(db(), counselor.userId, 'https://portal.example.cn'));
    const sessions = parse(counselorText);
    expect(sessions).toHaveLength(4);
    expect(sessions.every((e) => e.summary === 'Counseling appointment')).toBe(true);
    expect(counselorText).not.toMatch(/陈咨询师|小林|睡眠|张网格员|邻居网格员/);
    // Someone without bookings has none in their feed.
    expect(await feedItems(db(), hr.userId, 'https://portal.example.cn')).toEqual([]);
  });
});
