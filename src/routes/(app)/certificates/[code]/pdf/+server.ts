import { error } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { DomainError } from '$lib/server/domain-error';
import { certificatePdf } from '$lib/server/certificate/service';
import type { RequestHandler } from './$types';

const FILENAME = '志愿服务时长证明.pdf';

/** RFC 6266 with RFC 5987's filename*: UTF-8 for browsers, an ASCII fallback for the rest. */
function contentDisposition(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="certificate.pdf"; filename*=UTF-8''${encoded}`;
}

/** Only the volunteer the certificate belongs to gets the PDF; anyone else sees 404, as for a wrong code. */
export const GET: RequestHandler = async ({ params, locals }) => {
  // hooks.server.ts already sends the signed-out to the login page; this keeps the types honest.
  if (!locals.actor) error(404, { code: 'NOT_FOUND', message: translate(locals.locale, 'error.NOT_FOUND') });
  try {
    const pdf = await certificatePdf(locals.db, locals.actor, params.code);
    return new Response(new Uint8Array(pdf), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': contentDisposition(FILENAME),
        'content-length': String(pdf.length),
        'cache-control': 'private, no-store'
      }
    });
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') error(404, { code: 'NOT_FOUND', message: translate(locals.locale, 'error.NOT_FOUND') });
    throw err;
  }
};
