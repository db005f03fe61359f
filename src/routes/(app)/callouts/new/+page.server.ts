import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { MANAGERS } from '$lib/server/callout/policy';
import { hasRole } from '$lib/server/org/scope';
import { boothCalloutDraft } from '$lib/server/event/booths';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import type { CalloutFormValues } from './form-values';
import { managedGrids } from './managed-grids.server';
import { toShanghaiInput } from '$lib/components/shanghai-dates';

export const load: PageServerLoad = async ({ locals, url }) => {
  const actor = locals.actor!;
  try {
    if (!hasRole(actor, MANAGERS)) throw new DomainError('FORBIDDEN');
    const boothId = url.searchParams.get('booth');
    if (!boothId) return { grids: await managedGrids(locals.db, actor), booth: null, initial: null };
    // Staffing an event's booth: the form starts from the event's place and times and the booth's name.
    assertUuid(boothId);
    const draft = await boothCalloutDraft(locals.db, actor, boothId);
    const p = draft.prefill;
    const initial: CalloutFormValues = {
      gridId: '', title: p.title, description: p.description, category: p.category, urgency: 'normal', place: p.place,
      startsAt: toShanghaiInput(p.startsAt), endsAt: toShanghaiInput(p.endsAt), slots: 2, requiredSkills: [],
      signupDeadline: '', cancelDeadline: ''
    };
    return {
      grids: await managedGrids(locals.db, actor, draft.unitPath),
      booth: { id: draft.boothId, name: draft.boothName, eventId: draft.eventId, eventTitle: draft.eventTitle, staffedBy: draft.staffedBy },
      initial
    };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
