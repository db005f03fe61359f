import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { EXPORT_FORMATS, exportRun, type ExportFormat } from '$lib/server/pay/export';
import { downloadResponse } from '$lib/server/pay/download';
import type { RequestHandler } from './$types';

const isFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

/** /hr/pay/<run>/export/xlsx or /csv: the run's file for an HR user over its unit (audited); 404 otherwise. */
export const GET: RequestHandler = async ({ params, locals }) => {
  try {
    assertUuid(params.id);
    if (!isFormat(params.format) || !locals.actor) throw new DomainError('NOT_FOUND');
    const file = await exportRun(locals.db, locals.actor, params.id, params.format, locals.requestId);
    return downloadResponse(file.content, file.mimeType, file.fileName, `payroll-${params.id.slice(0, 8)}.${params.format}`);
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
