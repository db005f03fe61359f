import { sql } from 'kysely';
import { formatDateTime, translate } from '$lib/i18n';
import type { Db } from '../db/connect';
import { enqueueMail } from '../mail/outbox';
import { signLink } from '../secrets/link-signing';

export const ORIGIN = () => process.env.ORIGIN ?? 'http://localhost:3000';

interface Published {
  id: string;
  gridId: string;
  title: string;
  place: string;
  startsAt: Date;
  urgency: 'normal' | 'urgent';
  requiredSkills: string[];
}

/** Volunteers whose home community holds the grid, who have every required skill, an e-mail, and want such mail. */
function matchingVolunteers(db: Db, callout: Published) {
  return db
    .selectFrom('appUser as u')
    .innerJoin('membership as m', (j) => j.onRef('m.userId', '=', 'u.id').on('m.role', '=', 'volunteer'))
    .innerJoin('orgUnit as home', 'home.id', 'm.orgUnitId')
    .innerJoin('orgUnit as g', (j) => j.on('g.id', '=', callout.gridId))
    .select(['u.id', 'u.name', 'u.email', 'u.locale'])
    .distinct()
    .where(sql<boolean>`g.path like home.path || '%'`)
    .where('u.email', 'is not', null)
    .where('u.calloutMail', '=', true)
    .where('u.disabledAt', 'is', null)
    .where(sql<boolean>`u.skills @> ${sql.val(callout.requiredSkills)}::text[]`)
    .execute();
}

export async function unsubscribeFooter(db: Db, locale: 'zh-CN' | 'en', userId: string): Promise<string> {
  return translate(locale, 'mail.unsubscribe', { url: `${ORIGIN()}/unsubscribe/${await signLink(db, 'unsubscribe', userId)}` });
}

/**
 * Runs in the publishing transaction. Urgent: one mail each, now (source 3.3: staffed within 2 h).
 * Normal: queued for the volunteer's next digest.
 */
export async function announceCallout(trx: Db, callout: Published): Promise<number> {
  const people = await matchingVolunteers(trx, callout);
  for (const p of people) {
    if (callout.urgency === 'urgent') {
      await enqueueMail(trx, {
        to: p.email!,
        subject: translate(p.locale, 'mail.urgent.subject', { title: callout.title }),
        text:
          translate(p.locale, 'mail.urgent.body', {
            name: p.name,
            title: callout.title,
            when: formatDateTime(p.locale, callout.startsAt),
            place: callout.place,
            url: `${ORIGIN()}/callouts/${callout.id}`
          }) + (await unsubscribeFooter(trx, p.locale, p.id))
      });
    } else {
      await trx.insertInto('calloutDigestItem').values({ volunteerId: p.id, calloutId: callout.id }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  return people.length;
}
