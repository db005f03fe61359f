import { describe, expect, it } from 'vitest';
import { callerFor, failureOf } from './testing/factories';
import { useCalloutWorld } from './testing/callout-world';
import { nulField } from './nul-field';

const { db, unit, gridWorker } = useCalloutWorld();

const callout = (fields: Record<string, string>) => ({
  gridId: unit('湖滨社区/第一网格').id, title: '周末巡逻', category: 'patrol', place: '湖滨公园', slots: 2,
  startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 90000_000).toISOString(),
  ...fields
}) as Parameters<ReturnType<typeof callerFor>['callout']['create']>[0];

describe('inputs the database could not store are refused field by field', () => {
  it('a NUL character is named in its field, in the caller language, and nothing is stored', async () => {
    const api = callerFor(db(), gridWorker());
    const zh = await failureOf(api.callout.create(callout({ title: '周末\u0000巡逻' })));
    expect(zh).toMatchObject({ status: 400, code: 'VALIDATION', fields: { title: '含有不允许的空字符（U+0000），请删除后重试' } });
    const en = await failureOf(callerFor(db(), gridWorker(), 'en').callout.create(callout({ place: '\u0000' })), 'en');
    expect(en.fields).toEqual({ place: 'Contains a character that is not allowed (U+0000); remove it and try again' });
    expect(await db().selectFrom('callout').select('id').execute()).toEqual([]);
  });

  it('a year the portal cannot hold is named in its field', async () => {
    const api = callerFor(db(), gridWorker());
    const far = await failureOf(api.callout.create(callout({ startsAt: '9999-12-31T23:59:59Z', endsAt: '9999-12-31T23:59:59Z' })));
    expect(far).toMatchObject({ status: 400, fields: { startsAt: '年份须在 1900 至 2199 之间', endsAt: '年份须在 1900 至 2199 之间' } });
    const early = await failureOf(api.callout.create(callout({ startsAt: '0001-01-01T00:00:00Z' })));
    expect(early.fields?.startsAt).toBe('年份须在 1900 至 2199 之间');
  });

  it('finds NUL at any depth and names the path', () => {
    expect(nulField({ members: [{ name: 'a' }, { name: 'b\u0000' }] })).toBe('members.1.name');
    expect(nulField('\u0000')).toBe('_');
    expect(nulField({ a: ['x', { b: 'y' }], n: 1, z: null })).toBeUndefined();
  });
});
