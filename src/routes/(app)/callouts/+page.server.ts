import type { PageServerLoad } from './$types';
import { listCallouts } from '$lib/server/callout/service/read';
import { MANAGERS } from '$lib/server/callout/policy';
import { hasRole } from '$lib/server/org/scope';
import { CALLOUT_CATEGORIES, type CalloutCategory } from '$lib/types';

type View = 'reach' | 'mine' | 'managed';

const isCategory = (value: string | null): value is CalloutCategory => (CALLOUT_CATEGORIES as readonly (string | null)[]).includes(value);

export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:callouts');
  const actor = locals.actor!;
  const views: View[] = ['reach'];
  if (hasRole(actor, ['volunteer'])) views.push('mine');
  if (hasRole(actor, MANAGERS)) views.push('managed');
  const view = views.find((v) => v === url.searchParams.get('view')) ?? 'reach';
  const asked = url.searchParams.get('category');
  const category = isCategory(asked) ? asked : undefined;
  // Those who run callouts see their drafts and past ones too; the others only what is still ahead.
  const callouts = await listCallouts(locals.db, actor, { scope: view, category, includePast: view === 'managed', limit: 100, offset: 0 });
  return { views, view, category: category ?? null, callouts };
};
