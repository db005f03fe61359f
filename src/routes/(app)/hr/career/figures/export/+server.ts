import ExcelJS from 'exceljs';
import { translate } from '$lib/i18n';
import type { Locale } from '$lib/types';
import { rethrowForPage } from '$lib/http-error.server';
import { audit } from '$lib/server/audit/audit';
import { DomainError } from '$lib/server/domain-error';
import { workforceFigures, type UnitFigures } from '$lib/server/career/figures';
import { contentDisposition } from '$lib/server/pay/download';
import { assertRole, careerUnits, chosenUnit, chosenYear, recentYears, shanghaiYear } from '../../career-units.server';
import type { RequestHandler } from './$types';

const ROLES = ['hr', 'admin'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const RESULTS = ['excellent', 'qualified', 'basic', 'unqualified'] as const;

/** One sheet: a row for the unit (its totals) and one for each unit below it; rates as numbers in %. */
async function workbook(locale: Locale, year: number, unit: UnitFigures, children: UnitFigures[]): Promise<Uint8Array> {
  const say = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(locale, key, params);
  const book = new ExcelJS.Workbook();
  book.creator = say('app.name');
  const sheet = book.addWorksheet(say('careerui.fig.sheet', { year }), { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  const percent = (label: string) => say('careerui.fig.percentCol', { name: label });
  sheet.columns = [
    { header: say('careerui.fig.unitCol'), key: 'unit', width: 22 },
    { header: say('careerui.fig.headcountAtStart'), key: 'atStart', width: 10 },
    { header: say('careerui.fig.headcount'), key: 'headcount', width: 10 },
    { header: say('careerui.fig.leavers'), key: 'leavers', width: 8 },
    { header: percent(say('careerui.fig.turnover')), key: 'turnover', width: 11, style: { numFmt: '0.0' } },
    { header: say('careerui.fig.certified'), key: 'certified', width: 10 },
    { header: percent(say('careerui.fig.certRate')), key: 'certRate', width: 11, style: { numFmt: '0.0' } },
    ...RESULTS.map((r) => ({ header: say(`career.result.${r}`), key: r, width: 9 })),
    { header: say('careerui.fig.promotions'), key: 'promotions', width: 8 }
  ];
  const rowOf = (f: UnitFigures, name: string) => ({
    unit: name, atStart: f.headcountAtStart, headcount: f.headcount, leavers: f.leavers,
    turnover: f.turnoverPermille === null ? null : f.turnoverPermille / 10,
    certified: f.certified,
    certRate: f.certificateRatePermille === null ? null : f.certificateRatePermille / 10,
    ...f.appraisals, promotions: f.promotions
  });
  sheet.addRow(rowOf(unit, say('careerui.fig.total', { unit: unit.unitName }))).font = { bold: true };
  for (const c of children) sheet.addRow(rowOf(c, c.unitName));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).alignment = { wrapText: true, vertical: 'bottom' };
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** /hr/career/figures/export?unit=&year= — the figures page as .xlsx, for HR and admins in scope (audited). */
export const GET: RequestHandler = async ({ locals, url }) => {
  try {
    const actor = locals.actor;
    if (!actor) throw new DomainError('NOT_FOUND');
    assertRole(actor, ROLES);
    const unit = chosenUnit(await careerUnits(locals.db, actor, ROLES), url.searchParams.get('unit'));
    if (!unit) throw new DomainError('NOT_FOUND');
    const year = chosenYear(recentYears(), url.searchParams.get('year'), shanghaiYear() - 1);
    const figures = await workforceFigures(locals.db, actor, unit.id, year);
    const content = await workbook(locals.locale, year, figures.unit, figures.children);
    await audit(locals.db, { actorId: actor.userId, action: 'career.figures.export', targetType: 'org_unit', targetId: unit.id, orgUnitId: unit.id, detail: { year }, requestId: locals.requestId });
    const fileName = translate(locals.locale, 'careerui.fig.file', { unit: unit.name, year });
    return new Response(new Uint8Array(content), {
      headers: {
        'content-type': XLSX,
        'content-disposition': contentDisposition(fileName, `workforce-${year}.xlsx`),
        'content-length': String(content.length),
        'cache-control': 'private, no-store'
      }
    });
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
