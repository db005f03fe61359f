import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { getEvent } from '$lib/server/event/events';
import { listThemes } from '$lib/server/event/themes';
import { unitById } from '$lib/server/org/queries';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { toShanghaiInput } from '$lib/components/shanghai-dates';
import { adminUnits } from '../../../admin/events/admin-units.server';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:event');
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    const event = await getEvent(locals.db, actor, params.id);
    // Seeing an event is not running it: only admins over its unit edit it.
    if (!event.canEdit) throw new DomainError('FORBIDDEN');
    const unit = await unitById(locals.db, event.orgUnitId);
    const year = Number(toShanghaiInput(event.startsAt).slice(0, 4));
    return {
      event,
      unitPath: unit!.path,
      units: await adminUnits(locals.db, actor),
      themes: await listThemes(locals.db, actor, year),
      themesYear: year
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
