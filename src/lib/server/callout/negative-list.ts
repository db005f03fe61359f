import type { NegativeRule } from '$lib/types';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';

/**
 * Folds the ways a term can hide: full-width forms, spaces, punctuation and symbols between the
 * characters ("行 政·执 法", "强-拆"), Latin case. What is left is compared as plain text.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\u200b-\u200d\ufeff]/gu, '');
}

export interface NegativeTerm {
  rule: NegativeRule;
  term: string;
}

/** The first term of the negative list the text contains, or undefined. */
export function findNegativeTerm(terms: NegativeTerm[], ...texts: string[]): NegativeTerm | undefined {
  const haystack = fold(texts.join(' '));
  return terms.find((t) => haystack.includes(fold(t.term)));
}

export function loadNegativeTerms(db: Db): Promise<NegativeTerm[]> {
  return db.selectFrom('negativeTerm').select(['rule', 'term']).orderBy('term').execute();
}

/** source 3.1: refuses a callout that asks volunteers for what the negative list forbids. */
export async function assertNotOnNegativeList(db: Db, ...texts: string[]): Promise<void> {
  const hit = findNegativeTerm(await loadNegativeTerms(db), ...texts);
  if (hit) throw new DomainError('NEGATIVE_LIST', { rule: `negativeRule.${hit.rule}`, term: hit.term });
}
