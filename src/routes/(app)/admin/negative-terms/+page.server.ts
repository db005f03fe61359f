import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { findNegativeTerm, listNegativeTerms, loadNegativeTerms } from '$lib/server/callout/negative-list';
import { runAction } from '$lib/server/form';

/** As long as a callout's description may be. */
const TryInput = z.object({ text: z.string().trim().min(1).max(4000) });

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:negative-terms');
  // In the reader's collation (pinyin for Chinese), not the database's code-point order.
  const collator = new Intl.Collator(locals.locale);
  return { terms: (await listNegativeTerms(locals.db)).sort((a, b) => collator.compare(a.term, b.term)) };
};

export const actions: Actions = {
  /** Runs a text through the very check that refuses callouts, so the answer cannot drift from it. */
  try: async (event) => {
    const { failure, result } = await runAction(event, TryInput, (f) => f, async ({ text }) => findNegativeTerm(await loadNegativeTerms(event.locals.db), text) ?? null);
    if (failure) return failure;
    return { tried: true, hit: result };
  }
};
