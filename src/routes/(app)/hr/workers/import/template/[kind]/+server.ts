import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n';
import { hasRole } from '$lib/server/org/scope';
import { IMPORT_KINDS, type ImportKind } from '$lib/server/worker/schema';
import { importTemplate } from '$lib/server/worker/template';

/** The .xlsx template for importing workers or volunteers, listing the units the HR user may import into. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const actor = locals.actor!;
  const locale = locals.locale;
  if (!hasRole(actor, ['hr'])) error(403, { code: 'FORBIDDEN', message: translate(locale, 'error.FORBIDDEN') });
  const kind = params.kind as ImportKind;
  if (!IMPORT_KINDS.includes(kind)) error(404, { code: 'NOT_FOUND', message: translate(locale, 'error.NOT_FOUND') });
  const body = await importTemplate(locals.db, actor, kind, locale);
  const name = `${translate(locale, `workforce.template.sheet.${kind}`)}-template.xlsx`;
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${kind}-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, no-store'
    }
  });
};
