import { assertUuid, rethrowForPage } from '$lib/http-error.server';
import { DomainError } from '$lib/server/domain-error';
import { certificateScan } from '$lib/server/career/certificates';
import type { RequestHandler } from './$types';

const EXTENSION: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf' };

/**
 * The scan of a certificate, for its owner or HR over the worker; anyone else gets 404. Served as
 * the type found in its bytes at upload (never the uploader's claim), shown in the browser, never
 * sniffed into something else, never kept by shared caches.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
  try {
    assertUuid(params.id);
    if (!locals.actor) throw new DomainError('NOT_FOUND');
    const scan = await certificateScan(locals.db, locals.actor, params.id);
    return new Response(new Uint8Array(scan.bytes), {
      headers: {
        'content-type': scan.type,
        'content-length': String(scan.bytes.length),
        'content-disposition': `inline; filename="certificate-${params.id.slice(0, 8)}.${EXTENSION[scan.type] ?? 'bin'}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store'
      }
    });
  } catch (err) {
    rethrowForPage(err, locals.locale);
  }
};
