import { randomUUID } from 'node:crypto';
import { error, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie, validateSessionToken } from '$lib/server/auth/session';
import { isLocale, localeFromAcceptLanguage, translate } from '$lib/i18n';

export const init: ServerInit = async () => {
  const { database, stop } = await getRuntime();
  // The adapter closes the HTTP server on SIGTERM/SIGINT, then tells us: stop workers, close the database.
  process.once('sveltekit:shutdown', () => void stop());
  console.log(`[server] ready on ${database.kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'}`);
};

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'permissions-policy': 'camera=(self), geolocation=(), microphone=()'
};

export const handle: Handle = async ({ event, resolve }) => {
  const { database } = await getRuntime();
  event.locals.db = database.db;
  event.locals.requestId = randomUUID().slice(0, 8);
  const secure = event.url.protocol === 'https:';

  const cookieLocale = event.cookies.get('gc_locale');
  event.locals.locale = isLocale(cookieLocale) ? cookieLocale : localeFromAcceptLanguage(event.request.headers.get('accept-language'));

  event.locals.actor = null;
  event.locals.sessionExpired = false;
  const token = event.cookies.get(SESSION_COOKIE);
  if (token) {
    const result = await validateSessionToken(database.db, token);
    if (result) {
      event.locals.actor = result.actor;
      if (!isLocale(cookieLocale)) event.locals.locale = result.actor.locale;
      if (result.renewedUntil) setSessionCookie(event.cookies, token, result.renewedUntil, secure);
    } else {
      event.locals.sessionExpired = true;
      clearSessionCookie(event.cookies, secure);
    }
  }

  // Guarded here, not only in layouts: layout and page loads run in parallel.
  const routeId = event.route.id ?? '';
  if (routeId.startsWith('/(app)') && !event.locals.actor) {
    const expired = event.locals.sessionExpired ? 'expired&' : '';
    redirect(303, `/login?${expired}next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
  }
  if (routeId.startsWith('/(app)/admin') && !event.locals.actor?.memberships.some((m) => m.role === 'admin')) {
    error(403, { code: 'FORBIDDEN', message: translate(event.locals.locale, 'error.FORBIDDEN') });
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
  });
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  if (secure) response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return response;
};

/** Unexpected errors: logged with the request id, shown to the user as one plain sentence. */
export const handleError: HandleServerError = ({ error, event, status }) => {
  const requestId = event.locals.requestId ?? randomUUID().slice(0, 8);
  const locale = event.locals.locale ?? 'zh-CN';
  if (status === 404) return { code: 'NOT_FOUND', message: translate(locale, 'error.NOT_FOUND'), requestId };
  console.error(`[error ${requestId}]`, error);
  return { code: 'INTERNAL', message: translate(locale, 'error.INTERNAL'), requestId };
};
