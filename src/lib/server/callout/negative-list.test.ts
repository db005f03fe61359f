import { describe, expect, it } from 'vitest';
import { callerFor, failureOf, makeUser } from '../testing/factories';
import { useCalloutWorld } from '../testing/callout-world';
import { findNegativeTerm, fold, loadNegativeTerms } from './negative-list';

const { db, unit, gridWorker } = useCalloutWorld();

const post = (api: ReturnType<typeof callerFor>, title: string, description = '') =>
  api.callout.create({
    gridId: unit('湖滨社区/第一网格').id, title, description, category: 'other', place: '社区', slots: 2,
    startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 90000_000).toISOString()
  });

describe('the negative list (负面清单)', () => {
  it('finds a term however it is written', async () => {
    const terms = await loadNegativeTerms(db());
    for (const text of ['协助城管行政执法', '行 政 执 法', '行政·执法', '配合强-拆', '强制拆除违章棚屋', '帮忙催收物业费', '上门讨债', '处置邻里经济纠纷']) {
      expect(findNegativeTerm(terms, text), text).toBeDefined();
    }
    for (const text of ['垃圾分类宣传', '陪老人聊天', '协助调解邻里噪音矛盾']) expect(findNegativeTerm(terms, text), text).toBeUndefined();
    expect(fold('ＡＢ　行-政')).toBe('ab行政');
  });

  it('refuses a callout naming the rule, also when the request hides in the description, and stores nothing', async () => {
    const api = callerFor(db(), gridWorker());
    expect((await failureOf(post(api, '协助强拆违建'))).message).toBe('根据负面清单，志愿者不得参与强制拆迁（内容中出现“强拆”）。请修改后再提交。');
    const hidden = await failureOf(post(api, '社区帮扶', '周六上门，协助 催 收 欠款'), 'en');
    expect(hidden.message).toBe('Under the negative list, volunteers may not be asked for handling economic disputes (the text says “催收”). Please change it.');
    expect(await db().selectFrom('callout').select('id').execute()).toEqual([]);
  });

  it('city admins extend the list; a new term takes effect at once', async () => {
    const cityAdmin = await makeUser(db(), 'admin', unit('某市'));
    await callerFor(db(), cityAdmin).callout.addNegativeTerm({ rule: 'law_enforcement', term: '暴力 清场' });
    expect((await failureOf(post(callerFor(db(), gridWorker()), '夜市暴力清场'))).code).toBe('NEGATIVE_LIST');
    const districtAdmin = await makeUser(db(), 'admin', unit('城东区'));
    expect((await failureOf(callerFor(db(), districtAdmin).callout.addNegativeTerm({ rule: 'demolition', term: '拆围墙' }))).status).toBe(403);
    // Two characters typed, one left once spaces and punctuation are folded away.
    const tooShort = await failureOf(callerFor(db(), cityAdmin).callout.addNegativeTerm({ rule: 'demolition', term: '拆 .' }));
    expect(tooShort.fields?.term).toBe('至少 2 个字符');
  });
});
