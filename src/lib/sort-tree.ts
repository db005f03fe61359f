import type { UnitNode } from '$lib/server/org/service';

const collator = new Intl.Collator('zh-CN', { numeric: true });
const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "十二" → 12, "二十" → 20; enough for numbered units below a hundred. */
function chineseNumber(text: string): number {
  if (!text.includes('十')) return [...text].reduce((n, c) => n * 10 + (DIGIT[c] ?? 0), 0);
  const [tens = '', ones = ''] = text.split('十');
  return (tens ? (DIGIT[tens] ?? 0) : 1) * 10 + (ones ? (DIGIT[ones] ?? 0) : 0);
}

// Units are numbered in words (第一网格, 第十二网格): pinyin order would put 第二 before 第一.
const sortKey = (name: string) => name.replace(/[零〇一二两三四五六七八九十]+/g, (m) => String(chineseNumber(m)));

/** Siblings by name, as people count them; the stored order is by random id. */
export function sortTree(nodes: UnitNode[]): UnitNode[] {
  return nodes
    .map((n) => ({ ...n, children: sortTree(n.children) }))
    .sort((a, b) => collator.compare(sortKey(a.name), sortKey(b.name)));
}
