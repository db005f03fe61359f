import type { NegativeRule } from '$lib/types';
import type { Actor } from '../auth/actor';
import { assertCityAdmin } from '../org/scope';
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

/** Terms are compared folded, so "行 政 执 法" is the same term as "行政执法". */
export async function addNegativeTerm(db: Db, actor: Actor, rule: NegativeRule, term: string) {
  assertCityAdmin(actor);
  const folded = fold(term);
  if (folded.length < 2) throw new DomainError('VALIDATION', { min: 2 }, { term: 'validation.tooShort' });
  const row = await db.insertInto('negativeTerm').values({ rule, term: folded, createdBy: actor.userId }).onConflict((oc) => oc.column('term').doNothing()).returning(['id', 'rule', 'term']).executeTakeFirst();
  return row ?? (await db.selectFrom('negativeTerm').select(['id', 'rule', 'term']).where('term', '=', folded).executeTakeFirstOrThrow());
}

export async function removeNegativeTerm(db: Db, actor: Actor, id: string) {
  assertCityAdmin(actor);
  const gone = await db.deleteFrom('negativeTerm').where('id', '=', id).executeTakeFirst();
  if (!gone.numDeletedRows) throw new DomainError('NOT_FOUND');
  return { ok: true };
}

export function listNegativeTerms(db: Db) {
  return db.selectFrom('negativeTerm').select(['id', 'rule', 'term', 'createdAt']).orderBy('rule').orderBy('term').execute();
}
