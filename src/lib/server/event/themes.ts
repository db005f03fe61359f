import { sql } from 'kysely';
import type { Actor } from '../auth/actor';
import type { Db } from '../db/connect';
import { DomainError } from '../domain-error';
import { audit } from '../audit/audit';
import { unitById } from '../org/queries';
import { assertCityAdmin, assertCovers, covers } from '../org/scope';
import { homePaths, inView } from './visibility';
import { occurrences, spansOverlap } from './theme-dates';
import type { ThemeFields } from './schema';

const themeColumns = ['t.id', 't.orgUnitId', 't.name', 't.description', 't.startsOn', 't.endsOn', 't.repeatsYearly'] as const;

/** Themes of the shared plan and of every unit in the person's view. */
export function themesInView(db: Db, actor: Actor) {
  return db
    .selectFrom('theme as t')
    .leftJoin('orgUnit as o', 'o.id', 't.orgUnitId')
    .select([...themeColumns, 'o.name as unitName', 'o.path as unitPath'])
    .where((eb) => eb.or([eb('t.orgUnitId', 'is', null), inView(eb.ref('o.path'), homePaths(actor))]))
    .orderBy('t.startsOn')
    .orderBy('t.name');
}

/** The shared plan is the city admins'; a unit's plan is for admins over that unit. */
async function assertMayEdit(db: Db, actor: Actor, unitId: string | null): Promise<void> {
  if (unitId === null) return assertCityAdmin(actor);
  const unit = await unitById(db, unitId);
  if (!unit) throw new DomainError('NOT_FOUND');
  assertCovers(actor, ['admin'], unit.path);
}

/** The year's plan as the person sees it: each theme's span in that year, with whether they may edit it. */
export async function listThemes(db: Db, actor: Actor, year: number) {
  const rows = await themesInView(db, actor).execute();
  const cityAdmin = actor.memberships.some((m) => m.role === 'admin' && m.unitLevel === 'city');
  return rows.flatMap(({ unitPath, ...theme }) =>
    occurrences(theme, `${year}-01-01`, `${year}-12-31`).map((span) => ({
      ...theme,
      occursFrom: span.startsOn,
      occursUntil: span.endsOn,
      canEdit: unitPath === null ? cityAdmin : covers(actor, ['admin'], unitPath)
    }))
  );
}

function assertDates(fields: ThemeFields): void {
  const yearLater = `${Number(fields.startsOn.slice(0, 4)) + 1}${fields.startsOn.slice(4)}`;
  if (fields.endsOn < fields.startsOn || (fields.repeatsYearly && fields.endsOn >= yearLater)) {
    throw new DomainError('THEME_DATES', undefined, { endsOn: 'error.THEME_DATES' });
  }
}

/** Refuses a theme of the same unit and name whose days meet this one's; call inside the transaction. */
async function assertNoTwin(trx: Db, fields: ThemeFields, exceptId?: string): Promise<void> {
  // Serialises saves of one unit's themes of one name, so two at once cannot both pass the check.
  await sql`select pg_advisory_xact_lock(hashtext(${`theme:${fields.unitId ?? 'shared'}:${fields.name}`}))`.execute(trx);
  let q = trx.selectFrom('theme').select(['id', 'name', 'startsOn', 'endsOn', 'repeatsYearly']).where('name', '=', fields.name);
  q = fields.unitId === null ? q.where('orgUnitId', 'is', null) : q.where('orgUnitId', '=', fields.unitId);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const twin = (await q.execute()).find((other) => spansOverlap(fields, other));
  if (twin) throw new DomainError('THEME_OVERLAP', { name: twin.name }, { startsOn: 'error.THEME_OVERLAP' });
}

export async function createTheme(db: Db, actor: Actor, fields: ThemeFields, requestId?: string) {
  await assertMayEdit(db, actor, fields.unitId);
  assertDates(fields);
  return db.transaction().execute(async (trx) => {
    await assertNoTwin(trx, fields);
    const row = await trx
      .insertInto('theme')
      .values({ orgUnitId: fields.unitId, name: fields.name, description: fields.description, startsOn: fields.startsOn, endsOn: fields.endsOn, repeatsYearly: fields.repeatsYearly, createdBy: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, { actorId: actor.userId, action: 'theme.create', targetType: 'theme', targetId: row.id, orgUnitId: fields.unitId, detail: { name: fields.name }, requestId });
    return { themeId: row.id };
  });
}

async function themeForEdit(db: Db, actor: Actor, themeId: string) {
  const theme = await db.selectFrom('theme').select(['id', 'orgUnitId', 'name']).where('id', '=', themeId).executeTakeFirst();
  if (!theme) throw new DomainError('NOT_FOUND');
  await assertMayEdit(db, actor, theme.orgUnitId);
  return theme;
}

export async function updateTheme(db: Db, actor: Actor, themeId: string, fields: ThemeFields, requestId?: string) {
  const theme = await themeForEdit(db, actor, themeId);
  // A theme stays in the plan it was made for.
  if (fields.unitId !== theme.orgUnitId) throw new DomainError('FORBIDDEN');
  assertDates(fields);
  await db.transaction().execute(async (trx) => {
    await assertNoTwin(trx, fields, themeId);
    await trx
      .updateTable('theme')
      .set({ name: fields.name, description: fields.description, startsOn: fields.startsOn, endsOn: fields.endsOn, repeatsYearly: fields.repeatsYearly })
      .where('id', '=', themeId)
      .execute();
    await audit(trx, { actorId: actor.userId, action: 'theme.update', targetType: 'theme', targetId: themeId, orgUnitId: theme.orgUnitId, detail: { name: fields.name }, requestId });
  });
  return { themeId };
}

/** Events of a removed theme stay, without the theme. */
export async function removeTheme(db: Db, actor: Actor, themeId: string, requestId?: string) {
  const theme = await themeForEdit(db, actor, themeId);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('theme').where('id', '=', themeId).execute();
    await audit(trx, { actorId: actor.userId, action: 'theme.remove', targetType: 'theme', targetId: themeId, orgUnitId: theme.orgUnitId, detail: { name: theme.name }, requestId });
  });
  return { themeId };
}
