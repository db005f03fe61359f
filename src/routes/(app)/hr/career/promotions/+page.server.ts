import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { promotionPipeline } from '$lib/server/career/desk';
import { assertRole, shanghaiToday } from '../career-units.server';

export const load: PageServerLoad = async ({ locals, depends }) => {
  depends('app:career');
  const actor = locals.actor!;
  try {
    assertRole(actor, ['hr']);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  const pipeline = await promotionPipeline(locals.db, actor);
  return {
    today: shanghaiToday(),
    nominated: pipeline.filter((p) => p.status === 'nominated'),
    reviewed: pipeline.filter((p) => p.status === 'reviewed'),
    decided: pipeline.filter((p) => p.status === 'approved' || p.status === 'rejected').slice(0, 50)
  };
};
