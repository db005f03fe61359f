import type { PageServerLoad } from './$types';
import { DomainError } from '$lib/server/domain-error';
import { getCallout } from '$lib/server/callout/service/read';
import { assertUuid, rethrowForPage } from '$lib/http-error.server';

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends('app:callout');
  const actor = locals.actor!;
  try {
    assertUuid(params.id);
    // Scope first: only those who run the callout see who came and for how long.
    const callout = await getCallout(locals.db, actor, params.id);
    if (!callout.canManage) throw new DomainError('FORBIDDEN');
    const people = await locals.db
      .selectFrom('signup as s')
      .innerJoin('appUser as u', 'u.id', 's.volunteerId')
      .select(['s.id', 's.checkedInAt', 's.checkedOutAt', 's.checkinMethod', 's.checkinReason', 's.noShow', 'u.name', 'u.phone'])
      .where('s.calloutId', '=', callout.id)
      .where('s.status', '=', 'confirmed')
      .orderBy('s.seq')
      .execute();
    // The ledger oldest first: check-out's 'recorded' entry, then confirmations and corrections; the last one counts.
    const entries = await locals.db
      .selectFrom('hoursEntry')
      .select(['signupId', 'minutes', 'kind', 'reason'])
      .where('calloutId', '=', callout.id)
      .orderBy('seq')
      .execute();
    const rows = people.map((person) => {
      const ledger = entries.filter((e) => e.signupId === person.id);
      return { ...person, recorded: ledger.find((e) => e.kind === 'recorded')?.minutes ?? null, current: ledger.at(-1) ?? null };
    });
    const { result } = await locals.db.selectFrom('callout').select('result').where('id', '=', callout.id).executeTakeFirstOrThrow();
    const { id, title, startsAt, endsAt, status } = callout;
    return { callout: { id, title, startsAt, endsAt, status, result }, rows };
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
