import type { PageServerLoad } from './$types';
import { rethrowForPage } from '$lib/http-error.server';
import { unitEligibility } from '$lib/server/career/eligibility-service';
import { promotionPipeline } from '$lib/server/career/desk';
import { assertRole, careerUnits, chosenUnit } from '../career-units.server';

const PAGE_SIZE = 40;
const SHOWS = ['eligible', 'all'] as const;
type Show = (typeof SHOWS)[number];

/** Who under a unit may be promoted to what, with the reasons, and whether they are already in the pipeline. */
export const load: PageServerLoad = async ({ locals, url, depends }) => {
  depends('app:career');
  const actor = locals.actor!;
  try {
    assertRole(actor, ['hr']);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
  const units = await careerUnits(locals.db, actor, ['hr']);
  const unit = chosenUnit(units, url.searchParams.get('unit'));
  const asked = url.searchParams.get('show') as Show;
  const show: Show = SHOWS.includes(asked) ? asked : 'eligible';
  const page = Math.min(10_000, Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1)));
  if (!unit) return { units, filter: { unit: '', show }, unitName: '', workers: [], total: 0, eligibleCount: 0, shownTotal: 0, page: 1, pages: 1 };

  const [all, pipeline] = await Promise.all([unitEligibility(locals.db, actor, unit.id), promotionPipeline(locals.db, actor)]);
  // A nomination still open (or approved) for the same position: nominating again would duplicate it.
  const inPipeline = new Map(pipeline.filter((p) => p.status !== 'rejected').map((p) => [`${p.workerId}|${p.targetPosition}`, p.status]));
  const eligible = all.filter((w) => w.verdicts.some((v) => v.eligible));
  const chosen = show === 'eligible' ? eligible : all;
  const workers = chosen.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((w) => ({
    ...w,
    verdicts: w.verdicts.map((v) => ({ ...v, pipelineStatus: inPipeline.get(`${w.userId}|${v.targetPosition}`) ?? null }))
  }));
  return {
    units, filter: { unit: unit.id, show }, unitName: unit.name, workers,
    total: all.length, eligibleCount: eligible.length, shownTotal: chosen.length,
    page, pages: Math.max(1, Math.ceil(chosen.length / PAGE_SIZE))
  };
};
