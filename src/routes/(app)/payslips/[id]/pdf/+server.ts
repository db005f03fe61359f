import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { payslipPdf } from '$lib/server/pay/payslip-pdf';
import { downloadResponse } from '$lib/server/pay/download';
import type { RequestHandler } from './$types';

/** The payslip as a PDF: its worker once the run is locked, or HR over the worker's grid; anyone else gets 404. */
export const GET: RequestHandler = async ({ params, locals }) => {
  try {
    assertUuid(params.id);
    if (!locals.actor) throw new DomainError('NOT_FOUND');
    const file = await payslipPdf(locals.db, locals.actor, params.id);
    return downloadResponse(file.content, 'application/pdf', file.fileName, 'payslip.pdf');
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
