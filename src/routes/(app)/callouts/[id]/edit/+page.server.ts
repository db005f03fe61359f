import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { getCallout } from '$lib/server/callout/service/read';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import type { Skill } from '$lib/types';
import type { CalloutFormValues, KeptReservation } from '../../new/form-values';
import { managedGrids } from '../../new/managed-grids.server';
import { toShanghaiInput } from '$lib/components/shanghai-dates';

const HOUR = 3600_000;

export const load: PageServerLoad = async ({ locals, params }) => {
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    const c = await getCallout(locals.db, actor, params.id);
    if (!c.canManage) throw new DomainError('FORBIDDEN');
    const callout = { id: c.id, title: c.title, status: c.status };
    // Only drafts are edited (service/manage.ts updateDraft); the page says so rather than offer a form that would fail.
    if (c.status !== 'draft') return { callout, editable: false as const };
    const start = c.startsAt.getTime();
    // A deadline left at its default stays empty, so it follows the start when that moves.
    const initial: CalloutFormValues = {
      gridId: c.gridId, title: c.title, description: c.description, category: c.category, urgency: c.urgency, place: c.place,
      startsAt: toShanghaiInput(c.startsAt), endsAt: toShanghaiInput(c.endsAt), slots: c.slots, requiredSkills: c.requiredSkills as Skill[],
      signupDeadline: c.signupDeadline.getTime() === start ? '' : toShanghaiInput(c.signupDeadline),
      cancelDeadline: c.cancelDeadline.getTime() === start - 2 * HOUR ? '' : toShanghaiInput(c.cancelDeadline)
    };
    const team = c.teamId ? await locals.db.selectFrom('team').select(['id', 'name']).where('id', '=', c.teamId).executeTakeFirst() : undefined;
    const reservation: KeptReservation | null = team && c.teamSlots > 0
      ? { teamId: team.id, teamName: team.name, teamSlots: c.teamSlots, teamReleaseAt: c.teamReleaseAt && c.teamReleaseAt.getTime() !== start - 24 * HOUR ? c.teamReleaseAt.toISOString() : undefined }
      : null;
    return { callout, editable: true as const, grids: await managedGrids(locals.db, actor), initial, reservation };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
